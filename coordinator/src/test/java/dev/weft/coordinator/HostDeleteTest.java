package dev.weft.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.common.model.Endpoint;
import dev.weft.common.model.Peer;
import dev.weft.common.net.Macs;
import dev.weft.common.wire.ToAgent;
import dev.weft.common.wire.ToCoordinator;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code DELETE /v1/hosts/{id}} (issue 6): revocation over real HTTP and real agent WebSockets. */
class HostDeleteTest {
  @TempDir
  Path dataDir;

  @Test
  void aDeletedHostLeavesEveryTableLosesItsSessionAndNeedsARotatedJoinToken() {
    try (TestCoordinator weft = TestCoordinator.start(dataDir)) {
      assertThat(weft.post("/v1/networks", "{\"name\":\"blue\",\"subnet\":\"10.30.0.0/24\"}").status())
          .isEqualTo(201);
      String token = weft.coordinator().joinToken();
      FakeAgent a = new FakeAgent("host-a", "192.0.2.1").connect(weft.agentUri(), token);
      a.register(List.of());
      a.next(ToAgent.Welcome.class);
      a.send(new ToCoordinator.BlockRequest("r1", "blue", List.of()));
      a.next(ToAgent.BlockGrant.class);
      a.next(ToAgent.TableSnapshot.class);

      FakeAgent b = new FakeAgent("host-b", "192.0.2.2").connect(weft.agentUri(), token);
      b.register(List.of());
      b.next(ToAgent.Welcome.class);
      b.send(new ToCoordinator.BlockRequest("r2", "blue", List.of()));
      assertThat(b.next(ToAgent.BlockGrant.class).block()).isEqualTo("10.30.0.64/26");
      Endpoint web = new Endpoint("blue", "host-b", "10.30.0.66", Macs.forIp("10.30.0.66"), "c-web", null);
      b.send(new ToCoordinator.EndpointAdd(web));
      Eventually.until("a sees b's endpoint", () -> a.table("blue").endpoints().keySet(),
          ips -> ips.contains("10.30.0.66"));
      assertThat(a.table("blue").peers().values()).contains(new Peer("host-b", "192.0.2.2"));

      assertThat(weft.delete("/v1/hosts/host-b").status()).isEqualTo(204);
      assertThat(weft.delete("/v1/hosts/host-b").status()).isEqualTo(404);
      assertThat(weft.delete("/v1/hosts/nobody").status()).isEqualTo(404);
      assertThat(weft.get("/v1/hosts/host-b").status()).isEqualTo(404);

      Eventually.until("b's endpoint and peer leave a's table", () -> a.table("blue"),
          t -> !t.endpoints().containsKey("10.30.0.66") && !t.peers().containsKey("host-b"));
      assertThat(a.gaps()).isEmpty();
      assertThat(weft.get("/v1/networks/blue/endpoints").json().size()).isZero();
      Eventually.until("b's session is closed", b::closedByCoordinator, closed -> closed);

      // Back with the same join token: refused at registration.
      FakeAgent again = new FakeAgent("host-b", "192.0.2.2").connect(weft.agentUri(), token);
      again.register(List.of());
      assertThat(again.next(ToAgent.Error.class).message()).contains("revoked");
      Eventually.until("the refused session is closed", again::closedByCoordinator, closed -> closed);
      assertThat(weft.get("/v1/hosts/host-b").status()).isEqualTo(404);

      // Its block was released: a third host gets it.
      FakeAgent c = new FakeAgent("host-c", "192.0.2.3").connect(weft.agentUri(), token);
      c.register(List.of());
      c.next(ToAgent.Welcome.class);
      c.send(new ToCoordinator.BlockRequest("r3", "blue", List.of()));
      assertThat(c.next(ToAgent.BlockGrant.class).block()).isEqualTo("10.30.0.64/26");

      // After a rotation it may join again.
      String rotated = weft.post("/v1/join-token/rotate", "").json().path("token").asText();
      FakeAgent back = new FakeAgent("host-b", "192.0.2.2").connect(weft.agentUri(), rotated);
      back.register(List.of());
      assertThat(back.next(ToAgent.Welcome.class).hostId()).isEqualTo("host-b");
      assertThat(weft.get("/v1/hosts/host-b").status()).isEqualTo(200);
      assertThat(a.closedByCoordinator()).isFalse();
      List.of(a, b, again, c, back).forEach(FakeAgent::close);
    }
  }
}
