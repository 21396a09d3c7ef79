package dev.weft.coordinator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.common.security.Pem;
import dev.weft.common.wire.ToAgent;
import dev.weft.common.wire.ToCoordinator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12: a host id that is joined cannot be taken over with the join token (defect 4), every issued certificate is
 * revocable and listed (defect 5), host certificates expire and are renewed over the agent session.
 */
class HostIdentityTest {
  @TempDir
  Path dataDir;

  @Test
  void aSecondJoinOfALiveHostWithAnotherKeyIsRefusedAndTheRealHostKeepsItsSessionAndAddress() throws Exception {
    try (TestCoordinator weft = TestCoordinator.start(dataDir, c -> c.withTls(true))) {
      Joined victim = join(weft, "victim", TlsTest.p256());
      assertThat(victim.status).isEqualTo(200);
      FakeAgent real = new FakeAgent("victim", "192.0.2.1").connect(agentUri(weft), victim.client(weft), null);
      real.register(List.of());
      real.next(ToAgent.Welcome.class);

      Joined attacker = join(weft, "victim", TlsTest.p256());
      assertThat(attacker.status).as(attacker.body).isEqualTo(409);
      assertThat(attacker.error()).contains("\"victim\"", "joined already", "weft host rm victim",
          "DELETE /v1/hosts/victim", "--host-id");

      // the real host: its session stays, its address stays, and its certificate still opens a new session
      assertThat(tls(weft, "GET", "/v1/hosts/victim").json().path("underlayAddress").asText()).isEqualTo("192.0.2.1");
      assertThat(tls(weft, "GET", "/v1/hosts/victim").json().path("certificateExpires").asText())
          .isEqualTo(victim.certificate().getNotAfter().toInstant().toString());
      real.send(new ToCoordinator.Heartbeat());
      assertThat(tls(weft, "POST", "/v1/networks", "{\"name\":\"after\"}").status()).isEqualTo(201);
      real.next(ToAgent.Networks.class, n -> n.networks().stream().anyMatch(x -> x.name().equals("after")));
      assertThat(real.closedByCoordinator()).isFalse();
      real.close();
      FakeAgent again = new FakeAgent("victim", "192.0.2.1").connect(agentUri(weft), victim.client(weft), null);
      again.register(List.of());
      assertThat(again.next(ToAgent.Welcome.class).hostId()).isEqualTo("victim");

      // a retried join with the same key (its answer lost) is answered with the same certificate, so a join with
      // the victim's public key (no secret) by whoever holds the join token does not make its certificate stop
      Joined retry = join(weft, "victim", victim.key);
      assertThat(retry.status).as(retry.body).isEqualTo(200);
      assertThat(retry.certificate()).isEqualTo(victim.certificate());
      assertThat(join(weft, "victim", victim.key).certificate()).isEqualTo(victim.certificate());
      assertThat(agentGet(weft, victim.client(weft)).statusCode()).isEqualTo(400);

      // moving the host on purpose: revoke, rotate the join token, join from the new machine
      assertThat(tls(weft, "DELETE", "/v1/hosts/victim").status()).isEqualTo(204);
      String rotated = tls(weft, "POST", "/v1/join-token/rotate", "").json().path("token").asText();
      Joined moved = join(weft, "victim", TlsTest.p256(), rotated);
      assertThat(moved.status).as(moved.body).isEqualTo(200);
      again.close();
    }
  }

  @Test
  void ofJoinsRacingForOneNewHostIdWithDifferentKeysExactlyOneWins() throws Exception {
    try (TestCoordinator weft = TestCoordinator.start(dataDir, c -> c.withTls(true))) {
      int racers = 8;
      ExecutorService pool = Executors.newFixedThreadPool(racers);
      try {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Joined>> joins = new ArrayList<>();
        for (int i = 0; i < racers; i++) {
          KeyPair key = TlsTest.p256();
          joins.add(pool.submit(() -> {
            start.await();
            return join(weft, "contested", key);
          }));
        }
        start.countDown();
        List<Integer> statuses = new ArrayList<>();
        for (Future<Joined> j : joins) {
          statuses.add(j.get().status);
        }
        assertThat(statuses).as(statuses.toString()).containsOnly(200, 409);
        assertThat(statuses.stream().filter(s -> s == 200).count()).as(statuses.toString()).isEqualTo(1);
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @Test
  void aHostThatJoinedAndNeverRegisteredIsListedAsJoinedAndCanBeRevoked() throws Exception {
    try (TestCoordinator weft = TestCoordinator.start(dataDir, c -> c.withTls(true))) {
      Joined ghost = join(weft, "ghost", TlsTest.p256());
      assertThat(ghost.status).isEqualTo(200);

      JsonNode hosts = tls(weft, "GET", "/v1/hosts").json();
      assertThat(hosts.size()).isEqualTo(1);
      assertThat(hosts.get(0).path("id").asText()).isEqualTo("ghost");
      assertThat(hosts.get(0).path("status").asText()).isEqualTo("joined");
      assertThat(hosts.get(0).path("certificateExpires").asText())
          .isEqualTo(ghost.certificate().getNotAfter().toInstant().toString());
      assertThat(tls(weft, "GET", "/v1/hosts/ghost").json().path("status").asText()).isEqualTo("joined");
      assertThat(tls(weft, "GET", "/v1/hosts/nobody").status()).isEqualTo(404);

      assertThat(tls(weft, "DELETE", "/v1/hosts/ghost").status()).isEqualTo(204);
      assertThat(tls(weft, "GET", "/v1/hosts").json().size()).isZero();
      assertThat(tls(weft, "GET", "/v1/hosts/ghost").status()).isEqualTo(404);
      assertThat(tls(weft, "DELETE", "/v1/hosts/ghost").status()).isEqualTo(404);
      assertThat(tls(weft, "DELETE", "/v1/hosts/never-joined").status()).isEqualTo(404);

      HttpResponse<String> refused = agentGet(weft, ghost.client(weft));
      assertThat(refused.statusCode()).isEqualTo(401);
      assertThat(refused.body()).contains("revoked");
      // also once the join token was rotated
      assertThat(tls(weft, "POST", "/v1/join-token/rotate", "").status()).isEqualTo(200);
      assertThat(agentGet(weft, ghost.client(weft)).statusCode()).isEqualTo(401);
      assertThatThrownBy(() -> new FakeAgent("ghost", "192.0.2.7").connect(agentUri(weft), ghost.client(weft), null))
          .hasStackTraceContaining("status code 401");
    }
  }

  @Test
  void anAgentRenewsItsCertificateOverItsSessionAndKeepsIt() throws Exception {
    SettableClock clock = new SettableClock();
    try (TestCoordinator weft = TestCoordinator.start(dataDir, c -> c.withTls(true)
        .withHostCertLifetime(Duration.ofDays(3)), clock)) {
      Joined joined = join(weft, "host-r", TlsTest.p256());
      assertThat(joined.certificate().getNotAfter().toInstant())
          .isBetween(Instant.now().plus(Duration.ofDays(3)).minusSeconds(120),
              Instant.now().plus(Duration.ofDays(3)).plusSeconds(120));
      FakeAgent agent = new FakeAgent("host-r", "192.0.2.4").connect(agentUri(weft), joined.client(weft), null);
      agent.register(List.of());
      agent.next(ToAgent.Welcome.class);

      clock.advance(Duration.ofDays(2));
      KeyPair next = TlsTest.p256();
      agent.send(new ToCoordinator.Renew("r1", Base64.getEncoder().encodeToString(next.getPublic().getEncoded())));
      ToAgent.Renewed renewed = agent.next(ToAgent.Renewed.class);
      assertThat(renewed.requestId()).isEqualTo("r1");
      X509Certificate certificate = Pem.certificates(renewed.certificate()).get(0);
      assertThat(certificate.getPublicKey()).isEqualTo(next.getPublic());
      assertThat(certificate.getNotAfter().toInstant()).isAfter(joined.certificate().getNotAfter().toInstant());
      assertThat(renewed.ca()).isEqualTo(Files.readString(dataDir.resolve("ca.pem")));

      // the session goes on as before
      assertThat(tls(weft, "POST", "/v1/networks", "{\"name\":\"renewed\"}").status()).isEqualTo(201);
      agent.next(ToAgent.Networks.class, n -> n.networks().stream().anyMatch(x -> x.name().equals("renewed")));
      assertThat(agent.closedByCoordinator()).isFalse();
      // a second renewal on the same session replaces the one it got
      KeyPair third = TlsTest.p256();
      agent.send(new ToCoordinator.Renew("r2", Base64.getEncoder().encodeToString(third.getPublic().getEncoded())));
      String thirdPem = agent.next(ToAgent.Renewed.class).certificate();

      // the new certificate opens the next session; the one before it is accepted for the overlap only
      String ca = Files.readString(dataDir.resolve("ca.pem"));
      HttpClient renewedClient = TlsClients.withCertificate(ca, third.getPrivate(), thirdPem);
      FakeAgent back = new FakeAgent("host-r", "192.0.2.4").connect(agentUri(weft), renewedClient, null);
      back.register(List.of());
      assertThat(back.next(ToAgent.Welcome.class).hostId()).isEqualTo("host-r");
      HttpClient previous = TlsClients.withCertificate(ca, next.getPrivate(), renewed.certificate());
      assertThat(agentGet(weft, previous).statusCode()).isEqualTo(400);
      assertThat(agentGet(weft, joined.client(weft)).statusCode()).isEqualTo(401);
      clock.advance(Duration.ofHours(2));
      HttpResponse<String> late = agentGet(weft, TlsClients.withCertificate(ca, next.getPrivate(),
          renewed.certificate()));
      assertThat(late.statusCode()).isEqualTo(401);
      assertThat(late.body()).contains("replaced");
      List.of(agent, back).forEach(FakeAgent::close);
    }
  }

  @Test
  void anExpiredCertificateIsRefusedWith401SayingItExpiredAndTheHostMayJoinAgain() throws Exception {
    SettableClock clock = new SettableClock();
    try (TestCoordinator weft = TestCoordinator.start(dataDir, c -> c.withTls(true)
        .withHostCertLifetime(Duration.ofDays(1)), clock)) {
      Joined joined = join(weft, "host-x", TlsTest.p256());
      assertThat(agentGet(weft, joined.client(weft)).statusCode()).isEqualTo(400);
      clock.advance(Duration.ofDays(2));

      HttpResponse<String> expired = agentGet(weft, joined.client(weft));
      assertThat(expired.statusCode()).as(expired.body()).isEqualTo(401);
      String error = TestCoordinator.JSON.readTree(expired.body()).path("error").asText();
      assertThat(error).contains("host-x", "expired at " + joined.certificate().getNotAfter().toInstant(),
          "join again with the join token");
      assertThatThrownBy(() -> new FakeAgent("host-x", "192.0.2.5").connect(agentUri(weft), joined.client(weft),
          null)).hasStackTraceContaining("status code 401");

      // its record no longer holds the id: a join with a new key (the agent's next start) gets a certificate
      Joined rejoined = join(weft, "host-x", TlsTest.p256());
      assertThat(rejoined.status).as(rejoined.body).isEqualTo(200);
      assertThat(agentGet(weft, rejoined.client(weft)).statusCode()).isEqualTo(400);
    }
  }

  @Test
  void aCertificateExpiredByTheRealClockPassesTheHandshakeAndGetsTheReadable401() throws Exception {
    Joined joined;
    // joined 100 days ago: its 90 days are over by the real clock, which the TLS handshake would judge by
    Clock past = Clock.offset(Clock.systemUTC(), Duration.ofDays(-100));
    try (TestCoordinator weft = TestCoordinator.startDurable(dataDir, c -> c.withTls(true), past)) {
      joined = join(weft, "host-old", TlsTest.p256());
      assertThat(joined.status).isEqualTo(200);
    }
    assertThat(joined.certificate().getNotAfter().toInstant()).isBefore(Instant.now());
    try (TestCoordinator weft = TestCoordinator.startDurable(dataDir, c -> c.withTls(true))) {
      HttpResponse<String> expired = agentGet(weft, joined.client(weft));
      assertThat(expired.statusCode()).as(expired.body()).isEqualTo(401);
      assertThat(expired.body()).contains("host-old", "expired at");
    }
  }

  @Test
  void aHostCertificateOfAnotherCaIsNotAdmitted() throws Exception {
    try (TestCoordinator weft = TestCoordinator.start(dataDir, c -> c.withTls(true))) {
      assertThat(join(weft, "host-a", TlsTest.p256()).status).isEqualTo(200);
      KeyPair key = TlsTest.p256();
      dev.weft.coordinator.pki.CertificateAuthority other = dev.weft.coordinator.pki.CertificateAuthority
          .create(Clock.systemUTC());
      String forged = Pem.certificate(other.issueHost("host-a", key.getPublic(), Clock.systemUTC(),
          Duration.ofDays(90)));
      HttpClient client = TlsClients.withCertificate(Files.readString(dataDir.resolve("ca.pem")), key.getPrivate(),
          forged);
      // the JDK client offers no certificate the coordinator's CA did not sign (it matches the CAs the server names);
      // one that is offered anyway fails the handshake (HostTrustTest). Either way: not admitted.
      try {
        HttpResponse<String> refused = agentGet(weft, client);
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(401);
      } catch (java.io.IOException handshakeFailed) {
        // refused in the handshake
      }
    }
  }

  /** A join's answer, with the key it was for. */
  private record Joined(int status, String body, KeyPair key) {
    String error() throws Exception {
      return TestCoordinator.JSON.readTree(body).path("error").asText();
    }

    X509Certificate certificate() throws Exception {
      return Pem.certificates(TestCoordinator.JSON.readTree(body).path("certificate").asText()).get(0);
    }

    HttpClient client(TestCoordinator weft) throws Exception {
      return TlsClients.withCertificate(Files.readString(weft.dataDir().resolve("ca.pem")), key.getPrivate(),
          TestCoordinator.JSON.readTree(body).path("certificate").asText());
    }
  }

  private static Joined join(TestCoordinator weft, String host, KeyPair key) throws Exception {
    return join(weft, host, key, weft.coordinator().joinToken());
  }

  private static Joined join(TestCoordinator weft, String host, KeyPair key, String token) throws Exception {
    String body = "{\"hostId\":\"" + host + "\",\"publicKey\":\""
        + Base64.getEncoder().encodeToString(key.getPublic().getEncoded()) + "\"}";
    HttpResponse<String> answer = trusting(weft).send(HttpRequest.newBuilder(https(weft, "/v1/join"))
        .timeout(Duration.ofSeconds(20)).header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
    return new Joined(answer.statusCode(), answer.body(), key);
  }

  /** {@code GET /v1/agent} without an upgrade: 400 once the certificate is admitted, else 401 with the reason. */
  private static HttpResponse<String> agentGet(TestCoordinator weft, HttpClient client) throws Exception {
    return client.send(HttpRequest.newBuilder(https(weft, "/v1/agent")).timeout(Duration.ofSeconds(20)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static TestCoordinator.Reply tls(TestCoordinator weft, String method, String path) throws Exception {
    return tls(weft, method, path, null);
  }

  /** An admin request over TLS. */
  private static TestCoordinator.Reply tls(TestCoordinator weft, String method, String path, String body)
      throws Exception {
    HttpResponse<String> r = trusting(weft).send(HttpRequest.newBuilder(https(weft, path))
        .timeout(Duration.ofSeconds(20)).header("Authorization", "Bearer " + weft.coordinator().adminToken())
        .header("Content-Type", "application/json").method(method, body == null
            ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
    return new TestCoordinator.Reply(r.statusCode(), r.body(), r.headers().firstValue("Content-Type").orElse(""));
  }

  private static HttpClient trusting(TestCoordinator weft) throws Exception {
    return TlsClients.trusting(Files.readString(weft.dataDir().resolve("ca.pem")));
  }

  private static URI https(TestCoordinator weft, String path) {
    return URI.create("https://127.0.0.1:" + weft.port() + path);
  }

  private static URI agentUri(TestCoordinator weft) {
    return URI.create("wss://127.0.0.1:" + weft.port() + "/v1/agent");
  }
}
