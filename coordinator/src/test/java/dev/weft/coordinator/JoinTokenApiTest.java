package dev.weft.coordinator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.common.wire.ToAgent;
import java.net.http.HttpRequest;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /v1/join-token} (issue 6) over real HTTP and real agent WebSockets. */
class JoinTokenApiTest {
  @TempDir
  Path dataDir;

  @Test
  void onlyTheAdminTokenReadsTheJoinToken() {
    try (TestCoordinator weft = TestCoordinator.start(dataDir)) {
      TestCoordinator.Reply reply = weft.get("/v1/join-token");
      assertThat(reply.status()).isEqualTo(200);
      assertThat(reply.json().path("token").asText()).isEqualTo(weft.coordinator().joinToken());
      TestCoordinator.Reply asReader = weft.send(HttpRequest.newBuilder(weft.uri("/v1/join-token"))
          .timeout(Duration.ofSeconds(20)).header("Authorization", "Bearer " + weft.coordinator().readToken()));
      assertThat(asReader.status()).isEqualTo(403);
      assertThat(weft.send(HttpRequest.newBuilder(weft.uri("/v1/join-token"))).status()).isEqualTo(401);
    }
  }

  @Test
  void rotationRefusesTheOldTokenAdmitsTheNewAndKeepsJoinedAgents() throws Exception {
    String rotated;
    try (TestCoordinator weft = TestCoordinator.startDurable(dataDir)) {
      String old = weft.coordinator().joinToken();
      FakeAgent joined = new FakeAgent("host-a", "192.0.2.1").connect(weft.agentUri(), old);
      joined.register(List.of());
      joined.next(ToAgent.Welcome.class);

      TestCoordinator.Reply reply = weft.post("/v1/join-token/rotate", "");
      assertThat(reply.status()).isEqualTo(200);
      rotated = reply.json().path("token").asText();
      assertThat(rotated).isNotEqualTo(old).startsWith("WEFT1-" + weft.coordinator().caFingerprint() + "-")
          .hasSize(6 + 64 + 1 + 64);
      assertThat(weft.get("/v1/join-token").json().path("token").asText()).isEqualTo(rotated);
      assertThat(Files.readString(dataDir.resolve("join-token")).trim()).isEqualTo(rotated);

      assertThatThrownBy(() -> new FakeAgent("host-b", "192.0.2.2").connect(weft.agentUri(), old))
          .isInstanceOf(CompletionException.class)
          .cause().isInstanceOf(WebSocketHandshakeException.class)
          .satisfies(e -> assertThat(((WebSocketHandshakeException) e).getResponse().statusCode()).isEqualTo(401));
      try (FakeAgent fresh = new FakeAgent("host-c", "192.0.2.3").connect(weft.agentUri(), rotated)) {
        fresh.register(List.of());
        assertThat(fresh.next(ToAgent.Welcome.class).hostId()).isEqualTo("host-c");
      }

      // the agent joined before the rotation still hears changes on its session
      assertThat(weft.post("/v1/networks", "{\"name\":\"after\"}").status()).isEqualTo(201);
      joined.next(ToAgent.Networks.class, n -> n.networks().stream().anyMatch(x -> x.name().equals("after")));
      joined.close();
    }
    try (TestCoordinator weft = TestCoordinator.startDurable(dataDir)) {
      assertThat(weft.coordinator().joinToken()).isEqualTo(rotated);
    }
  }
}
