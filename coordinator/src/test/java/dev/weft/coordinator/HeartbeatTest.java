package dev.weft.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.common.model.Endpoint;
import dev.weft.common.net.Macs;
import dev.weft.common.table.NetworkTable;
import dev.weft.common.wire.ToAgent;
import dev.weft.common.wire.ToCoordinator;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Liveness with a short heartbeat timeout: silent hosts go down and leave the tables, and come back. */
class HeartbeatTest {
  static final Duration TIMEOUT = Duration.ofMillis(1500);
  static final Duration BEAT = Duration.ofMillis(200);

  @TempDir
  Path dataDir;
  TestCoordinator weft;
  final List<FakeAgent> agents = new ArrayList<>();

  @BeforeEach
  void start() {
    weft = TestCoordinator.start(dataDir, c -> c.withHeartbeatTimeout(TIMEOUT).withBlockGrace(Duration.ofSeconds(1)));
  }

  @AfterEach
  void stop() {
    agents.forEach(FakeAgent::close);
    if (weft != null) {
      weft.close();
    }
  }

  FakeAgent joined(String id, String underlay, String network) {
    FakeAgent agent = new FakeAgent(id, underlay).connect(weft.agentUri(), weft.coordinator().joinToken());
    agents.add(agent);
    agent.register(List.of());
    agent.next(ToAgent.Welcome.class);
    agent.startHeartbeats(BEAT);
    agent.send(new ToCoordinator.BlockRequest("r", network, List.of()));
    return agent;
  }

  String status(String host) {
    return weft.get("/v1/hosts/" + host).json().path("status").asText();
  }

  @Test
  void silentHostGoesDownLeavesTheTablesKeepsItsEndpointsAndComesBack() {
    weft.post("/v1/networks", "{\"name\":\"blue\",\"subnet\":\"10.20.0.0/24\"}");
    FakeAgent a = joined("host-a", "192.0.2.1", "blue");
    FakeAgent b = joined("host-b", "192.0.2.2", "blue");
    String blockB = b.next(ToAgent.BlockGrant.class).block();
    assertThat(blockB).isEqualTo("10.20.0.64/26");
    Endpoint web = new Endpoint("blue", "host-b", "10.20.0.66", Macs.forIp("10.20.0.66"), "c-web", "web");
    b.send(new ToCoordinator.EndpointAdd(web));
    Eventually.until("a sees b's endpoint", () -> a.table("blue"),
        t -> t != null && t.endpoints().containsKey("10.20.0.66") && t.peers().containsKey("host-b"));

    b.fallSilent(); // the socket stays open: only the heartbeat timeout can tell
    Eventually.until("host-b down", () -> status("host-b"), "down"::equals);
    NetworkTable table = Eventually.until("b leaves a's table", () -> a.table("blue"),
        t -> !t.endpoints().containsKey("10.20.0.66") && !t.peers().containsKey("host-b"));
    assertThat(table.peers()).containsOnlyKeys("host-a");
    assertThat(status("host-a")).isEqualTo("up");
    JsonNode stored = weft.get("/v1/networks/blue/endpoints").json();
    assertThat(stored.size()).as("endpoints stay stored while the host is down").isEqualTo(1);
    assertThat(a.gaps()).isEmpty();

    // Blocks holding endpoints are not reclaimed, however long the host is down.
    FakeAgent b2 = new FakeAgent("host-b", "192.0.2.2").connect(weft.agentUri(), weft.coordinator().joinToken());
    agents.add(b2);
    b.disconnect();
    b2.register(List.of(web));
    b2.startHeartbeats(BEAT);
    Eventually.until("host-b up again", () -> status("host-b"), "up"::equals);
    Eventually.until("b is back in a's table", () -> a.table("blue"),
        t -> t.endpoints().containsKey("10.20.0.66") && t.peers().containsKey("host-b"));
    b2.send(new ToCoordinator.BlockRequest("again", "blue", List.of()));
    assertThat(b2.next(ToAgent.BlockGrant.class, g -> "again".equals(g.requestId())).block()).isEqualTo(blockB);
  }

  @Test
  void closedSocketCountsAsDownOnlyAfterTheTimeout() {
    weft.post("/v1/networks", "{\"name\":\"blue\"}");
    FakeAgent a = joined("host-a", "192.0.2.1", "blue");
    a.next(ToAgent.BlockGrant.class);
    a.disconnect();
    assertThat(status("host-a")).as("an agent restart does not flap the host").isEqualTo("up");
    Eventually.until("host-a down after the timeout", () -> status("host-a"), "down"::equals);
  }

  @Test
  void blocksOfAHostGoneLongerThanTheGraceAreReclaimed() {
    weft.post("/v1/networks", "{\"name\":\"tiny\",\"subnet\":\"10.30.0.0/28\"}");
    FakeAgent gone = joined("host-gone", "192.0.2.3", "tiny");
    assertThat(gone.next(ToAgent.BlockGrant.class).block()).isEqualTo("10.30.0.0/28");
    FakeAgent a = joined("host-a", "192.0.2.1", "tiny");
    assertThat(a.next(ToAgent.Error.class).code()).isEqualTo("pool-exhausted");
    gone.disconnect();
    java.util.concurrent.atomic.AtomicInteger attempt = new java.util.concurrent.atomic.AtomicInteger();
    ToAgent answer = Eventually.until("the block comes free and goes to host-a", () -> {
      String id = "retry-" + attempt.incrementAndGet();
      a.send(new ToCoordinator.BlockRequest(id, "tiny", List.of()));
      return a.next(ToAgent.class, m -> m instanceof ToAgent.BlockGrant g && id.equals(g.requestId())
          || m instanceof ToAgent.Error e && id.equals(e.requestId()));
    }, m -> m instanceof ToAgent.BlockGrant);
    assertThat(((ToAgent.BlockGrant) answer).block()).isEqualTo("10.30.0.0/28");
    assertThat(weft.get("/v1/hosts/host-a").json().path("errors").toString())
        .as("the exhaustion error clears once a block is granted").doesNotContain("pool-exhausted");
  }
}
