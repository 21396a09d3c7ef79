package dev.weft.scale;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.coordinator.Coordinator;
import dev.weft.coordinator.config.CoordinatorConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The simulator itself against a real coordinator in this JVM: 20 agents converge, changes reach everyone. */
class SimulationTest {
  @TempDir
  Path data;

  @Test
  @Timeout(60)
  void twentyAgentsConvergeAndEveryChangeReachesItsNetwork() throws Exception {
    try (Coordinator coordinator = Coordinator.start(CoordinatorConfig.defaults().withTls(false).withListen("127.0.0.1", 0)
        .withDataDir(data));
         Simulation sim = new Simulation("127.0.0.1", List.of(coordinator.httpPort()), coordinator.adminToken(),
             coordinator.joinToken(), 1)) {
      sim.createNetworks(4, i -> "10.77." + (i * 4) + ".0/22");
      List<SimAgent> agents = sim.addAgents(0, 20, 2);
      Parallel.forAll(agents, 20, Duration.ofSeconds(20), SimAgent::connect);
      Parallel.forAll(agents, 20, Duration.ofSeconds(20), a -> sim.populate(a, agents.indexOf(a), 20, 200));

      assertThat(sim.awaitInSync(agents, Duration.ofSeconds(20))).isNotNegative();
      assertThat(sim.expected().values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(200);
      for (SimAgent agent : agents) {
        assertThat(agent.tables()).hasSize(2);
      }

      for (int c = 0; c < 10; c++) {
        SimAgent origin = agents.get(c);
        String network = origin.networks().get(c % 2);
        String[] ip = new String[1];
        assertThat(sim.change(origin, network, null, Duration.ofSeconds(10), ip)).isNotNegative();
        assertThat(sim.change(origin, network, ip[0], Duration.ofSeconds(10), ip)).isNotNegative();
      }

      SimAgent fresh = sim.addAgents(20, 1, 2).get(0);
      fresh.connect().toCompletionStage().toCompletableFuture().get();
      for (String network : fresh.networks()) {
        sim.add(fresh, network).toCompletionStage().toCompletableFuture().get();
      }
      assertThat(sim.awaitInSync(sim.agents(), Duration.ofSeconds(20))).isNotNegative();
      assertThat(sim.errors()).isZero();
      assertThat(sim.gaps.get()).isZero();
    }
  }
}
