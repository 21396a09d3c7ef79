package dev.weft.coordinator.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.common.model.Endpoint;
import dev.weft.common.net.Macs;
import dev.weft.common.table.NetworkTable;
import dev.weft.common.wire.ToAgent;
import dev.weft.common.wire.ToCoordinator;
import dev.weft.coordinator.FakeAgent;
import dev.weft.coordinator.cluster.ClusterLab.Member;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 4: an agent that moves to another member resumes the tables it holds: the members number versions
 * differently, but a table's digest is the same on every member, so the new member answers {@code resume}, not a
 * snapshot per network.
 */
class AgentFailoverTest {
  @TempDir
  Path dir;

  @Test
  void anAgentMovingToAnotherMemberResumesItsTablesInsteadOfReceivingThemAgain() {
    String pg = ClusterLab.requirePostgres();
    try (ClusterLab lab = new ClusterLab(pg, dir, 3)) {
      lab.startAll(Duration.ofSeconds(90));
      String admin = lab.member(0).adminToken();
      String join = lab.member(0).joinToken();
      for (String name : List.of("blue", "green")) {
        assertThat(lab.call(lab.member(0), "POST", "/v1/networks", "{\"name\":\"" + name + "\"}", admin).status())
            .isEqualTo(201);
      }
      try (FakeAgent a = new FakeAgent("host-a", "192.0.2.1").connect(uri(lab.member(0)), join);
           FakeAgent b = new FakeAgent("host-b", "192.0.2.2").connect(uri(lab.member(1)), join);
           FakeAgent watcher = new FakeAgent("host-c", "192.0.2.3").connect(uri(lab.member(2)), join)) {
        a.register(List.of());
        b.register(List.of());
        watcher.register(List.of());
        Endpoint blueA = endpoint(a, "blue", "c1");
        Endpoint greenA = endpoint(a, "green", "c2");
        Endpoint blueB = endpoint(b, "blue", "c3");
        endpoint(watcher, "blue", "c4");
        endpoint(watcher, "green", "c5");
        // member 2 (the watcher's) has seen every change once its own agent holds them all
        ClusterFailureTest.eventually(() -> {
          assertThat(tableOf(watcher, "blue")).containsKeys(blueA.ip(), blueB.ip());
          assertThat(tableOf(watcher, "green")).containsKey(greenA.ip());
        });
        ClusterFailureTest.eventually(() -> {
          assertThat(tableOf(a, "blue")).hasSize(3);
          assertThat(tableOf(a, "green")).hasSize(2);
        });
        Map<String, String> held = Map.of("blue", a.table("blue").digest().toString(),
            "green", a.table("green").digest().toString());
        a.disconnect();

        try (FakeAgent moved = new FakeAgent("host-a", "192.0.2.1").connect(uri(lab.member(2)), join)) {
          moved.send(new ToCoordinator.Register(moved.report(), List.of(blueA, greenA), held));
          ToAgent.Resume resume = moved.next(ToAgent.Resume.class);
          assertThat(resume.tables()).extracting(ToAgent.ResumedTable::network).containsExactlyInAnyOrder("blue",
              "green");
          assertThat(resume.tables()).allSatisfy(t -> assertThat(t.digest()).isEqualTo(held.get(t.network())));
          moved.send(new ToCoordinator.BlockRequest("barrier", "blue", List.of()));
          moved.next(ToAgent.BlockGrant.class);
          assertThat(moved.seen()).noneMatch(m -> m instanceof ToAgent.TableSnapshot);
          assertThat(lab.call(lab.member(2), "GET", "/metrics", null, admin).body())
              .contains("weft_register_tables_total{outcome=\"resumed\"} 2");
        }
      }
    }
  }

  private static Map<String, Endpoint> tableOf(FakeAgent agent, String network) {
    NetworkTable table = agent.table(network);
    return table == null ? Map.of() : table.endpoints();
  }

  /** Asks for a block of {@code network} and adds an endpoint at its seventh address. */
  private static Endpoint endpoint(FakeAgent agent, String network, String container) {
    agent.send(new ToCoordinator.BlockRequest(container, network, List.of()));
    String block = agent.next(ToAgent.BlockGrant.class, g -> g.requestId().equals(container)).block();
    String ip = block.substring(0, block.lastIndexOf('.') + 1) + (Integer.parseInt(
        block.substring(block.lastIndexOf('.') + 1, block.indexOf('/'))) + 7);
    Endpoint endpoint = new Endpoint(network, agent.report().hostId(), ip, Macs.forIp(ip), container, null);
    agent.send(new ToCoordinator.EndpointAdd(endpoint));
    return endpoint;
  }

  private static URI uri(Member member) {
    return URI.create("ws://127.0.0.1:" + member.httpPort + "/v1/agent");
  }
}
