package dev.weft.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.common.wire.ToAgent;
import dev.weft.coordinator.config.HttpLimits;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12: refused joins are recorded briefly as {@code anonymous} with the client's address, an address refused
 * too often gets 429 with {@code Retry-After} and is no longer recorded, and nothing with a valid credential is
 * slowed: a valid join and a joined agent's reconnect from the same address go through.
 */
class JoinRefusalTest {
  @TempDir
  Path dataDir;

  @Test
  void aFloodOfWrongTokenJoinsIsLimitedWhileValidJoinsAndJoinedAgentsGoOn() throws Exception {
    try (TestCoordinator weft = TestCoordinator.start(dataDir, c -> c.withTls(true))) {
      String ca = Files.readString(dataDir.resolve("ca.pem"));
      HttpClient tls = TlsClients.trusting(ca);
      KeyPair key = p256();
      HttpResponse<String> joined = join(tls, weft, weft.coordinator().joinToken(), "host-a", key);
      assertThat(joined.statusCode()).as(joined.body()).isEqualTo(200);
      String certificate = TestCoordinator.JSON.readTree(joined.body()).path("certificate").asText();

      String longHost = "h".repeat(60 * 1024);
      int limited = 0;
      int refused = 0;
      for (int i = 0; i < 300; i++) {
        HttpResponse<String> reply = join(tls, weft, "wrong-token", longHost, key);
        if (reply.statusCode() == 429) {
          limited++;
          long retryAfter = Long.parseLong(reply.headers().firstValue("Retry-After").orElseThrow());
          assertThat(retryAfter).isBetween(1L, 60L);
          assertThat(TestCoordinator.JSON.readTree(reply.body()).path("error").asText())
              .contains("too many refused requests");
        } else {
          assertThat(reply.statusCode()).as(reply.body()).isEqualTo(401);
          refused++;
        }
      }
      assertThat(limited).as("429 answers").isGreaterThanOrEqualTo(250);
      assertThat(refused).as("401 answers before the budget ran out").isGreaterThanOrEqualTo(30);

      // a valid join from the same address still works, and so does a joined agent's reconnect
      HttpResponse<String> second = join(tls, weft, weft.coordinator().joinToken(), "host-b", p256());
      assertThat(second.statusCode()).as(second.body()).isEqualTo(200);
      HttpClient mutual = TlsClients.withCertificate(ca, key.getPrivate(), certificate);
      try (FakeAgent agent = new FakeAgent("host-a", "192.0.2.1")
          .connect(URI.create("wss://127.0.0.1:" + weft.port() + "/v1/agent"), mutual, null)) {
        agent.register(List.of());
        assertThat(agent.next(ToAgent.Welcome.class).hostId()).isEqualTo("host-a");
      }
      HttpResponse<String> admin = tls.send(HttpRequest.newBuilder(https(weft, "/v1/networks"))
          .timeout(Duration.ofSeconds(20)).header("Authorization", "Bearer " + weft.coordinator().adminToken())
          .GET().build(), HttpResponse.BodyHandlers.ofString());
      assertThat(admin.statusCode()).isEqualTo(200);
      HttpResponse<String> metrics = tls.send(HttpRequest.newBuilder(https(weft, "/metrics"))
          .timeout(Duration.ofSeconds(20)).GET().build(), HttpResponse.BodyHandlers.ofString());
      assertThat(metrics.body()).containsPattern("weft_http_rate_limited_total (2[5-9]\\d|300)\n");

      Path audit = dataDir.resolve("audit.log");
      List<JsonNode> lines = Eventually.until("the refused joins are recorded", () -> AuditLogTest.parsed(audit),
          got -> got.stream().filter(l -> l.path("target").asText().startsWith("host-b")).count() == 1);
      assertThat(Files.size(audit)).as("audit.log bytes").isLessThan(200 * 1024);
      List<JsonNode> anonymous = lines.stream().filter(l -> l.path("actor").asText().equals("anonymous")).toList();
      assertThat(anonymous).hasSize(refused);
      for (JsonNode line : anonymous) {
        assertThat(line.path("action").asText()).isEqualTo("join");
        assertThat(line.path("result").asText()).isEqualTo("401");
        assertThat(line.path("remote").asText()).isEqualTo("127.0.0.1");
        assertThat(line.path("target").asText()).hasSizeLessThanOrEqualTo(128).endsWith("\u2026");
      }
      assertThat(lines.stream().filter(l -> l.path("actor").asText().equals("join-token"))
          .map(l -> l.path("target").asText() + " " + l.path("result").asText())).containsExactly("host-a 200",
          "host-b 200");
    }
  }

  /** Wrong bearer tokens on /v1 and the agent channel spend the budget too; valid tokens never do. */
  @Test
  void wrongBearerTokensAreLimitedWhileValidTokensAndOpenRoutesWithinTheirBudgetGoOn() {
    HttpLimits small = HttpLimits.DEFAULTS.toBuilder().refusedPerMinute(5).openPerMinute(20).build();
    try (TestCoordinator weft = TestCoordinator.start(dataDir, c -> c.withHttp(small))) {
      java.util.Map<Integer, Integer> statuses = new java.util.TreeMap<>();
      for (int i = 0; i < 20; i++) {
        TestCoordinator.Reply reply = weft.send(HttpRequest.newBuilder(weft.uri("/v1/networks"))
            .header("Authorization", "Bearer wrong-" + i).GET());
        statuses.merge(reply.status(), 1, Integer::sum);
        TestCoordinator.Reply agent = weft.send(HttpRequest.newBuilder(weft.uri("/v1/agent"))
            .header("Authorization", "Bearer wrong-" + i).GET());
        statuses.merge(agent.status(), 1, Integer::sum);
      }
      assertThat(statuses.get(401)).isBetween(5, 6); // the budget, and at most one unit refilled meanwhile
      assertThat(statuses.get(429)).isEqualTo(40 - statuses.get(401));
      for (int i = 0; i < 30; i++) {
        assertThat(weft.get("/v1/networks").status()).as("the admin token is never limited").isEqualTo(200);
      }
      try (FakeAgent agent = new FakeAgent("valid", "192.0.2.3").connect(weft.agentUri(),
          weft.coordinator().joinToken())) {
        agent.register(List.of());
        assertThat(agent.next(ToAgent.Welcome.class).hostId()).isEqualTo("valid");
      }
      int limited = 0;
      for (int i = 0; i < 40; i++) {
        TestCoordinator.Reply health = weft.send(HttpRequest.newBuilder(weft.uri("/health")).GET());
        if (health.status() == 429) {
          limited++;
          assertThat(health.error()).contains("too many requests from 127.0.0.1; retry in ");
        }
      }
      assertThat(limited).as("/health past its budget of 20").isGreaterThanOrEqualTo(15);
      long recorded = statuses.get(401);
      Eventually.until("each 401 is recorded, no 429 is", () -> AuditLogTest.parsed(dataDir.resolve("audit.log"))
          .stream().filter(l -> l.path("actor").asText().equals("anonymous")).count(), n -> n == recorded);
    }
  }

  /** Issue 12, defect 9: the value given is named, not null. */
  @Test
  void aHostIdOfAnotherTypeIsNamedAsGiven() throws Exception {
    try (TestCoordinator weft = TestCoordinator.start(dataDir, c -> c.withTls(true))) {
      HttpClient tls = TlsClients.trusting(Files.readString(dataDir.resolve("ca.pem")));
      String key = Base64.getEncoder().encodeToString(p256().getPublic().getEncoded());
      HttpResponse<String> numeric = post(tls, weft, weft.coordinator().joinToken(),
          "{\"hostId\": 42, \"publicKey\": \"" + key + "\"}");
      assertThat(numeric.statusCode()).isEqualTo(400);
      assertThat(TestCoordinator.JSON.readTree(numeric.body()).path("error").asText())
          .startsWith("hostId: 42 (expected: a string of 1-128 ");
      HttpResponse<String> object = post(tls, weft, weft.coordinator().joinToken(),
          "{\"hostId\": {\"a\": [1, 2]}, \"publicKey\": \"" + key + "\"}");
      assertThat(TestCoordinator.JSON.readTree(object.body()).path("error").asText())
          .startsWith("hostId: {\"a\":[1,2]} (expected: a string");
      HttpResponse<String> missing = post(tls, weft, weft.coordinator().joinToken(),
          "{\"publicKey\": \"" + key + "\"}");
      assertThat(TestCoordinator.JSON.readTree(missing.body()).path("error").asText()).startsWith("hostId: null");
    }
  }

  static HttpResponse<String> join(HttpClient client, TestCoordinator weft, String token, String host, KeyPair key)
      throws Exception {
    return post(client, weft, token, "{\"hostId\":\"" + host + "\",\"publicKey\":\""
        + Base64.getEncoder().encodeToString(key.getPublic().getEncoded()) + "\"}");
  }

  static HttpResponse<String> post(HttpClient client, TestCoordinator weft, String token, String body)
      throws Exception {
    return client.send(HttpRequest.newBuilder(https(weft, "/v1/join")).timeout(Duration.ofSeconds(20))
        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  static URI https(TestCoordinator weft, String path) {
    return URI.create("https://127.0.0.1:" + weft.port() + path);
  }

  static KeyPair p256() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    return generator.generateKeyPair();
  }
}
