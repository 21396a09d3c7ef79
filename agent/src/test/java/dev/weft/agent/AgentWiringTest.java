package dev.weft.agent;

import dev.weft.agent.config.AgentConfig;

import dev.weft.agent.control.FakeCoordinator;

import dev.weft.agent.control.ControlClient;
import dev.weft.agent.control.ControlTiming;

import static dev.weft.agent.reconcile.ReconcilerTest.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.agent.dataplane.DesiredNetwork;
import dev.weft.agent.dataplane.RemoteEndpoint;
import dev.weft.agent.docker.ContainerSource;
import dev.weft.agent.identity.ChannelSecurity;
import dev.weft.agent.reconcile.ReconcilerTest.FakeDataPlane;
import dev.weft.agent.reconcile.ReconcilerTest.FakeDocker;
import dev.weft.agent.reconcile.ReconcilerTest.FakeHost;
import dev.weft.common.model.Endpoint;
import dev.weft.common.model.Network;
import dev.weft.common.model.Peer;
import dev.weft.common.wire.ToAgent;
import dev.weft.common.wire.ToCoordinator;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent as Main wires it ({@link Agent}), against a fake coordinator, fake Docker and fake kernel. */
class AgentWiringTest {
  static final Network RED = new Network("red", "100.64.0.0/24", 300, 1400, false, Map.of(), 26, "t");

  @TempDir
  Path dir;

  @Test
  void containerToEndpointAndRemoteToKernel() throws Exception {
    Vertx vertx = Vertx.vertx();
    Agent agent = null;
    try {
      FakeCoordinator coordinator = new FakeCoordinator(vertx, "tok").start();
      AgentConfig config = AgentConfig.parse(new String[] {"--coordinator", coordinator.uri().toString(),
          "--join-token", "tok", "--host-id", "h1", "--state-dir", dir.toString(), "--tls=false",
          "--plugin-socket", dir.resolve("weft.sock").toString()}, Map.of());
      FakeDocker docker = new FakeDocker();
      docker.running = List.of(new ContainerSource.LocalContainer("c1c1c1c1c1c1c1", "web1", 99,
          Map.of("weft.networks", "red")));
      FakeDataPlane kernel = new FakeDataPlane();
      agent = Agent.create(config, new Agent.Parts(Clock.systemUTC(), new FakeHost(), docker, kernel, null,
          ChannelSecurity.bearer(config.joinToken()),
          new ControlTiming(Duration.ofMillis(50), Duration.ofMillis(200), Duration.ofSeconds(2))));
      agent.start();

      ToCoordinator.Register register = coordinator.next(ToCoordinator.Register.class);
      assertThat(register.host().underlayAddress()).isEqualTo("10.77.0.1");
      assertThat(register.endpoints()).isEmpty();
      coordinator.send(new ToAgent.Welcome("h1", 5, "e1"));
      coordinator.send(new ToAgent.Networks(List.of(RED)));

      ToCoordinator.BlockRequest request = coordinator.next(ToCoordinator.BlockRequest.class);
      coordinator.send(new ToAgent.BlockGrant(request.requestId(), "red", "100.64.0.0/26", List.of("100.64.0.0/26")));
      ToCoordinator.EndpointAdd add = coordinator.next(ToCoordinator.EndpointAdd.class);
      assertThat(add.endpoint()).isEqualTo(
          new Endpoint("red", "h1", "100.64.0.1", "02:57:64:40:00:01", "c1c1c1c1c1c1c1", null));

      coordinator.send(new ToAgent.TableSnapshot("red", "e1", 1,
          List.of(new Peer("h1", "10.77.0.1"), new Peer("h2", "10.77.0.2")),
          List.of(add.endpoint(), new Endpoint("red", "h2", "100.64.0.65", "02:57:64:40:00:41", "c2", null))));
      await("remote in the kernel", () -> kernel.last() != null && !kernel.last().networks().isEmpty()
          && !kernel.last().networks().get(0).remotes().isEmpty());
      DesiredNetwork red = kernel.last().networks().get(0);
      assertThat(red.mtu()).isEqualTo(1400);
      assertThat(red.remotes()).containsExactly(new RemoteEndpoint("100.64.0.65", "02:57:64:40:00:41", "10.77.0.2"));

      docker.running = List.of();
      agent.reconciler().trigger();
      assertThat(coordinator.next(ToCoordinator.EndpointRemove.class))
          .isEqualTo(new ToCoordinator.EndpointRemove("red", "100.64.0.1"));
      await("detached", () -> kernel.last().networks().isEmpty());
    } finally {
      if (agent != null) {
        agent.stop();
      }
      vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }
  }
}
