package dev.weft.coordinator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.common.security.Fingerprints;
import dev.weft.common.security.JoinTokenFormat;
import dev.weft.common.wire.ToAgent;
import dev.weft.coordinator.pki.CertificateAuthority;
import dev.weft.common.security.Pem;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 6: the CA, TLS on by default, joining for a host certificate, mutual TLS on the agent channel, revocation. */
class TlsTest {
  @TempDir
  Path dataDir;

  @Test
  void theCaIsWrittenAndStaysTheSameAcrossRestartsAndTheJoinTokenCarriesItsFingerprint() throws Exception {
    String fingerprint;
    String token;
    try (TestCoordinator weft = TestCoordinator.startDurable(dataDir, c -> c.withTls(true))) {
      String pem = Files.readString(dataDir.resolve("ca.pem"));
      fingerprint = Fingerprints.sha256(Pem.certificates(pem).get(0).getEncoded());
      assertThat(weft.coordinator().caFingerprint()).isEqualTo(fingerprint);
      token = weft.coordinator().joinToken();
      assertThat(JoinTokenFormat.parse(token)).get().extracting(JoinTokenFormat.Parts::fingerprint)
          .isEqualTo(fingerprint);
      assertThat(Files.readString(dataDir.resolve("join-token")).trim()).isEqualTo(token);
    }
    try (TestCoordinator again = TestCoordinator.startDurable(dataDir, c -> c.withTls(true))) {
      assertThat(again.coordinator().caFingerprint()).isEqualTo(fingerprint);
      assertThat(again.coordinator().joinToken()).isEqualTo(token);
      assertThat(Fingerprints.sha256(Pem.certificates(Files.readString(dataDir.resolve("ca.pem"))).get(0)
          .getEncoded())).isEqualTo(fingerprint);
    }
  }

  @Test
  void theApiIsServedOverTlsOnlyWithTokensAsBefore() throws Exception {
    try (TestCoordinator weft = TestCoordinator.start(dataDir, c -> c.withTls(true))) {
      HttpClient tls = TlsClients.trusting(Files.readString(dataDir.resolve("ca.pem")));
      // plain HTTP on the TLS port gets no HTTP answer
      HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      assertThatThrownBy(() -> plain.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + weft.port()
          + "/health")).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()))
          .isInstanceOf(IOException.class);
      // the server certificate names localhost (hostname verification on in this client)
      assertThat(send(tls, get(weft, "localhost", "/health", null)).statusCode()).isEqualTo(200);
      HttpResponse<String> noToken = send(tls, get(weft, "127.0.0.1", "/v1/networks", null));
      assertThat(noToken.statusCode()).isEqualTo(401);
      assertThat(TestCoordinator.JSON.readTree(noToken.body()).path("error").asText()).contains("Bearer");
      assertThat(send(tls, get(weft, "127.0.0.1", "/v1/networks", weft.coordinator().adminToken())).statusCode())
          .isEqualTo(200);
      HttpResponse<String> readOnlyWrite = send(tls, HttpRequest.newBuilder(https(weft, "127.0.0.1", "/v1/networks"))
          .header("Authorization", "Bearer " + weft.coordinator().readToken())
          .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"blue\"}")).build());
      assertThat(readOnlyWrite.statusCode()).isEqualTo(403);
    }
  }

  @Test
  void aHostJoinsWithTheTokenGetsACertificateNamingItAndUsesOnlyThatUntilRevoked() throws Exception {
    try (TestCoordinator weft = TestCoordinator.start(dataDir, c -> c.withTls(true))) {
      String ca = Files.readString(dataDir.resolve("ca.pem"));
      HttpClient tls = TlsClients.trusting(ca);
      KeyPair key = p256();
      HttpResponse<String> joined = join(tls, weft, weft.coordinator().joinToken(), "host-a", key);
      assertThat(joined.statusCode()).as(joined.body()).isEqualTo(200);
      JsonNode body = TestCoordinator.JSON.readTree(joined.body());
      X509Certificate certificate = Pem.certificates(body.path("certificate").asText()).get(0);
      assertThat(CertificateAuthority.commonName(certificate)).isEqualTo("host-a");
      assertThat(certificate.getPublicKey()).isEqualTo(key.getPublic());
      assertThat(body.path("ca").asText()).isEqualTo(ca);
      certificate.verify(Pem.certificates(ca).get(0).getPublicKey());

      // the agent channel without a client certificate, even with the join token: 401
      URI agent = URI.create("wss://127.0.0.1:" + weft.port() + "/v1/agent");
      assertThatThrownBy(() -> new FakeAgent("host-a", "192.0.2.1").connect(agent, tls,
          weft.coordinator().joinToken())).isInstanceOf(CompletionException.class)
          .hasStackTraceContaining("status code 401");

      HttpClient mutual = TlsClients.withCertificate(ca, key.getPrivate(), body.path("certificate").asText());
      // admitted by the certificate: a GET without Upgrade gets past the check and is refused for the missing header
      HttpResponse<String> noUpgrade = send(mutual, get(weft, "127.0.0.1", "/v1/agent", null));
      assertThat(noUpgrade.statusCode()).as(noUpgrade.body()).isEqualTo(400);
      FakeAgent a = new FakeAgent("host-a", "192.0.2.1").connect(agent, mutual, null);
      a.register(List.of());
      assertThat(a.next(ToAgent.Welcome.class).hostId()).isEqualTo("host-a");

      // the certificate names host-a: it cannot register as another host
      FakeAgent impostor = new FakeAgent("host-z", "192.0.2.9").connect(agent, mutual, null);
      impostor.register(List.of());
      assertThat(impostor.next(ToAgent.Error.class).message()).contains("host-a");

      assertThat(weft.coordinator().tls()).isTrue();
      HttpResponse<String> deleted = send(tls, HttpRequest.newBuilder(https(weft, "127.0.0.1", "/v1/hosts/host-a"))
          .header("Authorization", "Bearer " + weft.coordinator().adminToken()).DELETE().build());
      assertThat(deleted.statusCode()).isEqualTo(204);
      Eventually.until("host-a's session is closed", a::closedByCoordinator, closed -> closed);

      // the revoked certificate is refused at the next connect, with a reason
      HttpClient again = TlsClients.withCertificate(ca, key.getPrivate(), body.path("certificate").asText());
      assertThatThrownBy(() -> new FakeAgent("host-a", "192.0.2.1").connect(agent, again, null))
          .hasStackTraceContaining("status code 401");
      HttpResponse<String> why = send(TlsClients.withCertificate(ca, key.getPrivate(),
          body.path("certificate").asText()), get(weft, "127.0.0.1", "/v1/agent", null));
      assertThat(why.statusCode()).isEqualTo(401);
      assertThat(why.body()).contains("revoked");
      // and the same join token cannot bring it back
      HttpResponse<String> rejoin = join(tls, weft, weft.coordinator().joinToken(), "host-a", p256());
      assertThat(rejoin.statusCode()).isEqualTo(409);
      assertThat(rejoin.body()).contains("revoked");
      List.of(a, impostor).forEach(FakeAgent::close);
    }
  }

  @Test
  void aForgedOrWrongJoinTokenIsRefusedWith401AndRotationKeepsTheFingerprint() throws Exception {
    try (TestCoordinator weft = TestCoordinator.start(dataDir, c -> c.withTls(true))) {
      HttpClient tls = TlsClients.trusting(Files.readString(dataDir.resolve("ca.pem")));
      String real = weft.coordinator().joinToken();
      String forged = JoinTokenFormat.format(weft.coordinator().caFingerprint(), "00".repeat(32));
      for (String token : new String[] {forged, "nonsense", ""}) {
        HttpResponse<String> refused = join(tls, weft, token, "host-f", p256());
        assertThat(refused.statusCode()).as(token).isEqualTo(401);
        assertThat(TestCoordinator.JSON.readTree(refused.body()).path("error").asText()).contains("join token");
      }
      HttpResponse<String> rotated = send(tls, HttpRequest.newBuilder(https(weft, "127.0.0.1",
              "/v1/join-token/rotate")).header("Authorization", "Bearer " + weft.coordinator().adminToken())
          .POST(HttpRequest.BodyPublishers.noBody()).build());
      String next = TestCoordinator.JSON.readTree(rotated.body()).path("token").asText();
      assertThat(JoinTokenFormat.parse(next).orElseThrow().fingerprint())
          .isEqualTo(JoinTokenFormat.parse(real).orElseThrow().fingerprint());
      assertThat(next).isNotEqualTo(real);
      assertThat(join(tls, weft, real, "host-f", p256()).statusCode()).isEqualTo(401);
      assertThat(join(tls, weft, next, "host-f", p256()).statusCode()).isEqualTo(200);
      HttpResponse<String> badKey = send(tls, HttpRequest.newBuilder(https(weft, "127.0.0.1", "/v1/join"))
          .header("Authorization", "Bearer " + next)
          .POST(HttpRequest.BodyPublishers.ofString("{\"hostId\":\"host-g\",\"publicKey\":\"AAAA\"}")).build());
      assertThat(badKey.statusCode()).isEqualTo(400);
      assertThat(badKey.body()).contains("publicKey");
    }
  }

  static KeyPair p256() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    return generator.generateKeyPair();
  }

  private static HttpResponse<String> join(HttpClient client, TestCoordinator weft, String token, String host,
                                           KeyPair key) throws Exception {
    String body = "{\"hostId\":\"" + host + "\",\"publicKey\":\""
        + Base64.getEncoder().encodeToString(key.getPublic().getEncoded()) + "\"}";
    return send(client, HttpRequest.newBuilder(https(weft, "127.0.0.1", "/v1/join"))
        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build());
  }

  private static URI https(TestCoordinator weft, String host, String path) {
    return URI.create("https://" + host + ":" + weft.port() + path);
  }

  private static HttpRequest get(TestCoordinator weft, String host, String path, String token) {
    HttpRequest.Builder b = HttpRequest.newBuilder(https(weft, host, path)).timeout(Duration.ofSeconds(20));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return b.GET().build();
  }

  private static HttpResponse<String> send(HttpClient client, HttpRequest request) throws Exception {
    return client.send(request, HttpResponse.BodyHandlers.ofString());
  }
}
