package dev.weft.agent;

import dev.weft.agent.config.AgentConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.agent.control.ClientFixtures;
import dev.weft.agent.control.ControlClient;
import dev.weft.agent.control.LocalView;
import dev.weft.agent.identity.ChannelSecurity;
import dev.weft.agent.identity.CredentialStore;
import dev.weft.agent.identity.HostCredential;
import dev.weft.agent.identity.Identity;
import dev.weft.agent.identity.Joiner;
import dev.weft.common.security.Fingerprints;
import dev.weft.common.security.Pem;
import dev.weft.common.sync.TableBook;
import dev.weft.coordinator.Coordinator;
import dev.weft.coordinator.config.CoordinatorConfig;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12, rotating the cluster CA: stage a new CA (both trusted, new host certificates from it), the agents renew
 * at once and pin both, retire the old CA (the coordinator's server certificate and the join token move to the new
 * one); a host still holding a certificate of the old CA is refused with a message saying so, and may join again.
 */
class CaRotationTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir
  Path coordinatorDir;
  @TempDir
  Path state;
  @TempDir
  Path laggard;
  @TempDir
  Path newcomer;
  @TempDir
  Path keeper;

  @Test
  void stageMoveHostsAndRetire() throws Exception {
    CoordinatorConfig config = CoordinatorConfig.defaults().withListen("127.0.0.1", 0).withDataDir(coordinatorDir);
    Vertx vertx = Vertx.vertx();
    BlockingQueue<String> events = new LinkedBlockingQueue<>();
    ControlClient client = null;
    ControlClient stuck = null;
    BlockingQueue<String> stuckEvents = new LinkedBlockingQueue<>();
    Coordinator weft = Coordinator.start(config);
    try {
      URI uri = URI.create("https://127.0.0.1:" + weft.httpPort());
      String oldCa = weft.caFingerprint();
      String oldToken = weft.joinToken();
      CredentialStore store = new CredentialStore(state);
      HostCredential joined = new Joiner(List.of(uri), oldToken, "h1", store).join(3, Duration.ofSeconds(1));
      // h3 joins and never connects: it never renews, and stays on the old CA
      HostCredential stale = new Joiner(List.of(uri), oldToken, "h3", new CredentialStore(laggard))
          .join(3, Duration.ofSeconds(1));
      client = new ControlClient(vertx, List.of(uri), ChannelSecurity.mutualTls(joined, store, Clock.systemUTC()),
          new TableBook(), ClientFixtures.noEndpoints(), ClientFixtures.recording(events, "after-staging"),
          ClientFixtures.FAST);
      client.start();
      assertThat(events.poll(15, TimeUnit.SECONDS)).isEqualTo("connected");
      // h5 connects with no state dir to store a renewal in: it cannot move, and stays on the old CA, connected
      HostCredential h5 = new Joiner(List.of(uri), oldToken, "h5", new CredentialStore(keeper))
          .join(3, Duration.ofSeconds(1));
      stuck = new ControlClient(vertx, List.of(uri), ChannelSecurity.mutualTls(h5), new TableBook(),
          localView("h5"), ClientFixtures.recording(stuckEvents, "after-staging"), ClientFixtures.FAST);
      stuck.start();
      assertThat(stuckEvents.poll(15, TimeUnit.SECONDS)).isEqualTo("connected");

      // nothing staged: retire is refused, and GET shows one CA holding both hosts
      assertThat(call(weft, "POST", "/v1/ca/retire").statusCode()).isEqualTo(409);
      JsonNode before = json(call(weft, "GET", "/v1/ca"));
      assertThat(before.path("current").path("fingerprint").asText()).isEqualTo(oldCa);
      assertThat(before.path("current").path("hosts").asInt()).isEqualTo(3);
      assertThat(before.path("next").isNull() || before.path("next").isMissingNode()).isTrue();

      // stage: 200 once, 409 the second time
      HttpResponse<String> staged = call(weft, "POST", "/v1/ca/rotate");
      assertThat(staged.statusCode()).as(staged.body()).isEqualTo(200);
      String newCa = json(staged).path("next").path("fingerprint").asText();
      assertThat(newCa).hasSize(64).isNotEqualTo(oldCa);
      HttpResponse<String> again = call(weft, "POST", "/v1/ca/rotate");
      assertThat(again.statusCode()).isEqualTo(409);
      assertThat(again.body()).contains("staged already");
      assertThat(fingerprints(Files.readString(coordinatorDir.resolve("ca.pem")))).containsExactly(oldCa, newCa);

      // the connected agent renews at once (not at two thirds of 90 days), to a certificate of the new CA, and pins
      // both CAs; its session stays
      HostCredential renewed = waitForRenewal(store, joined);
      assertThat(signer(renewed.certificatePem(), renewed.caPem())).isEqualTo(newCa);
      assertThat(renewed.caFingerprints()).containsExactly(oldCa, newCa);
      assertThat(fingerprints(Files.readString(state.resolve("ca.pem")))).containsExactly(oldCa, newCa);
      assertThat(call(weft, "POST", "/v1/networks", "{\"name\":\"after-staging\"}").statusCode()).isEqualTo(201);
      assertThat(events.poll(15, TimeUnit.SECONDS)).isEqualTo("catalog");
      assertThat(events).doesNotContain("disconnected");

      // a join after staging gets a certificate of the new CA and both CAs
      HostCredential fresh = new Joiner(List.of(uri), oldToken, "h2", new CredentialStore(newcomer))
          .join(3, Duration.ofSeconds(1));
      assertThat(signer(fresh.certificatePem(), fresh.caPem())).isEqualTo(newCa);
      assertThat(fresh.caFingerprints()).containsExactly(oldCa, newCa);

      JsonNode during = json(call(weft, "GET", "/v1/ca"));
      assertThat(during.path("current").path("hosts").asInt()).isEqualTo(2);
      assertThat(during.path("next").path("hosts").asInt()).isEqualTo(2);

      // retire while h3 and h5 are still on the old CA: refused unless forced
      HttpResponse<String> early = call(weft, "POST", "/v1/ca/retire");
      assertThat(early.statusCode()).isEqualTo(409);
      assertThat(early.body()).contains("2 host(s) still hold a certificate of the old CA [h3, h5]");
      assertThat(stuckEvents).doesNotContain("disconnected");
      // h2 is revoked before the retire: the retire's new join token (same secret) must not lift that
      assertThat(call(weft, "DELETE", "/v1/hosts/h2").statusCode()).isEqualTo(204);
      HttpResponse<String> retired = call(weft, "POST", "/v1/ca/retire?force=true");
      assertThat(retired.statusCode()).as(retired.body()).isEqualTo(200);
      JsonNode after = json(retired);
      assertThat(after.path("current").path("fingerprint").asText()).isEqualTo(newCa);
      assertThat(after.path("current").path("hosts").asInt()).isEqualTo(1);
      assertThat(after.path("hostsToJoinAgain").toString()).isEqualTo("[\"h3\",\"h5\"]");
      // h5's open session, on a certificate of the retired CA, is closed
      awaitEvent(stuckEvents, "disconnected");
      stuck.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      stuck = null;
      assertThat(fingerprints(Files.readString(coordinatorDir.resolve("ca.pem")))).containsExactly(newCa);
      // the join token names the new CA; its secret stayed
      String newToken = weft.joinToken();
      assertThat(newToken).startsWith("WEFT1-" + newCa + "-").isNotEqualTo(oldToken);
      assertThat(json(call(weft, "GET", "/v1/join-token")).path("token").asText()).isEqualTo(newToken);
      assertThat(Files.readString(coordinatorDir.resolve("join-token")).trim()).isEqualTo(newToken);
      assertThat(events).doesNotContain("disconnected");

      // the agent connects again, to the coordinator's new server certificate (of the CA it pinned at renewal)
      client.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      events.clear();
      HostCredential stored = store.load().orElseThrow();
      client = new ControlClient(vertx, List.of(uri), ChannelSecurity.mutualTls(stored, store, Clock.systemUTC()),
          new TableBook(), ClientFixtures.noEndpoints(), ClientFixtures.recording(events, "after-staging"),
          ClientFixtures.FAST);
      client.start();
      assertThat(events.poll(60, TimeUnit.SECONDS)).isEqualTo("connected");

      // h3, still on the retired CA, is refused with a message saying so
      HttpResponse<String> refused = agentChannelWith(weft, stale);
      assertThat(refused.statusCode()).isEqualTo(401);
      assertThat(refused.body()).contains("was signed by the cluster CA sha256 " + oldCa + ", which was retired")
          .contains("must join again");
      // the old join token no longer works (it pins the retired CA); with the new one h3 joins again
      assertThatThrownBy(() -> new Joiner(List.of(uri), oldToken, "h4", new CredentialStore(newcomer.resolve("x")))
          .join(1, Duration.ofMillis(100))).isInstanceOf(Joiner.JoinRefused.class);
      HostCredential rejoined = new Joiner(List.of(uri), newToken, "h3", new CredentialStore(laggard))
          .join(3, Duration.ofSeconds(1));
      assertThat(signer(rejoined.certificatePem(), rejoined.caPem())).isEqualTo(newCa);
      assertThat(agentChannelWith(weft, rejoined).statusCode()).isNotEqualTo(401);
      // an agent restarted with the old join token (still in its env file) whose state dir holds a credential of the
      // new CA keeps that credential: the coordinator presents a CA it pins
      AgentConfig restarted = AgentConfig.parse(new String[] {"--coordinator", uri.toString(), "--join-token", oldToken,
          "--host-id", "h3", "--state-dir", laggard.toString(), "--plugin-socket", "off"}, java.util.Map.of(), () -> "abcdef0123456789");
      assertThat(Identity.credential(restarted).certificatePem()).isEqualTo(rejoined.certificatePem());
      assertThatThrownBy(() -> new Joiner(List.of(uri), newToken, "h2", new CredentialStore(newcomer.resolve("y")))
          .join(1, Duration.ofMillis(100))).isInstanceOf(Joiner.JoinRefused.class).hasMessageContaining("409")
          .hasMessageContaining("was revoked");
    } finally {
      if (client != null) {
        client.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      }
      if (stuck != null) {
        stuck.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      }
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      weft.close();
    }
  }

  private static LocalView localView(String hostId) {
    return ClientFixtures.noEndpoints(new dev.weft.common.model.HostReport(hostId, "host5", "10.77.0.5", List.of(),
        "20.10.24", null, null, "0.1.0", List.of()));
  }

  /** {@code GET /v1/agent} with the host's certificate (no upgrade: the certificate is checked first). */
  private HttpResponse<String> agentChannelWith(Coordinator weft, HostCredential host) throws Exception {
    KeyStore keys = KeyStore.getInstance("PKCS12");
    keys.load(null, null);
    keys.setKeyEntry("host", Pem.ecPrivateKey(host.keyPem()), "x".toCharArray(),
        Pem.certificates(host.certificatePem()).toArray(new Certificate[0]));
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(keys, "x".toCharArray());
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(kmf.getKeyManagers(), trustCoordinator().getTrustManagers(), null);
    return HttpClient.newBuilder().sslContext(context).build().send(HttpRequest.newBuilder(
            URI.create("https://127.0.0.1:" + weft.httpPort() + "/v1/agent")).timeout(Duration.ofSeconds(20)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> call(Coordinator weft, String method, String path) throws Exception {
    return call(weft, method, path, null);
  }

  /** The API over TLS with the admin token, trusting the CAs of the coordinator's {@code ca.pem}. */
  private HttpResponse<String> call(Coordinator weft, String method, String path, String body) throws Exception {
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, trustCoordinator().getTrustManagers(), null);
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + weft.httpPort() + path))
        .timeout(Duration.ofSeconds(20)).header("Authorization", "Bearer " + weft.adminToken())
        .header("Content-Type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    return HttpClient.newBuilder().sslContext(context).build().send(request.build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private TrustManagerFactory trustCoordinator() throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    int i = 0;
    for (X509Certificate ca : Pem.certificates(Files.readString(coordinatorDir.resolve("ca.pem")))) {
      trust.setCertificateEntry("ca" + i++, ca);
    }
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    return tmf;
  }

  private static JsonNode json(HttpResponse<String> response) throws Exception {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  private static List<String> fingerprints(String pem) throws Exception {
    List<String> all = new java.util.ArrayList<>();
    for (X509Certificate ca : Pem.certificates(pem)) {
      all.add(Fingerprints.sha256(ca.getEncoded()));
    }
    return all;
  }

  /** The fingerprint of the CA among {@code casPem} that signed the certificate, or null. */
  private static String signer(String certificatePem, String casPem) throws Exception {
    X509Certificate certificate = Pem.certificates(certificatePem).get(0);
    for (X509Certificate ca : Pem.certificates(casPem)) {
      try {
        certificate.verify(ca.getPublicKey());
        return Fingerprints.sha256(ca.getEncoded());
      } catch (java.security.GeneralSecurityException e) {
        // not this one
      }
    }
    return null;
  }

  /** Takes events until {@code expected} (other events may come first: the catalog), within 15 s. */
  private static void awaitEvent(BlockingQueue<String> events, String expected) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (System.nanoTime() < deadline) {
      if (expected.equals(events.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS))) {
        return;
      }
    }
    throw new AssertionError("no " + expected + " within 15 s");
  }

  private static HostCredential waitForRenewal(CredentialStore store, HostCredential joined) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      HostCredential now;
      try {
        now = store.load().orElseThrow();
      } catch (java.io.UncheckedIOException e) {
        // the agent is saving the renewed pair right now (load finishes a half-written save and races it): read again
        Thread.sleep(50);
        continue;
      }
      if (!now.certificatePem().equals(joined.certificatePem())) {
        return now;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("the agent did not renew its certificate within 30 s of the CA rotation being staged");
  }
}
