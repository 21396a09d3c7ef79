package dev.weft.agent.reconcile;

import dev.weft.agent.config.AgentConfig;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.agent.config.AgentConfig;
import dev.weft.common.sync.TableBook;
import dev.weft.agent.docker.ContainerSource;
import dev.weft.agent.ipam.LocalIpam;
import dev.weft.agent.plugin.DriverEndpoints;
import dev.weft.agent.state.StateFiles;
import dev.weft.agent.state.StateStore;
import dev.weft.common.model.Network;
import dev.weft.common.model.ServiceRule;
import dev.weft.common.wire.ToCoordinator;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The services message (issue 5) drives the reconciler; rules outlive an agent restart with the coordinator away. */
class ServiceRulesReconcileTest {
  static final Network RED = ReconcilerTest.RED;
  static final Network BLUE = new Network("blue", "100.64.0.0/24", 301, 0, false, Map.of(), 26, "t");

  @TempDir
  Path dir;
  final List<ScheduledExecutorService> executors = new ArrayList<>();
  final ReconcilerTest.FakeDocker docker = new ReconcilerTest.FakeDocker();
  final ReconcilerTest.FakeDataPlane kernel = new ReconcilerTest.FakeDataPlane();
  final ReconcilerTest.FakeLink link = new ReconcilerTest.FakeLink();
  /** Reconcile passes finished, counted by the task hook that the reconciler calls at the end of each pass. */
  final AtomicInteger passes = new AtomicInteger();

  Reconciler agent() throws Exception {
    AgentConfig config = AgentConfig.parse(new String[] {"--coordinator", "https://c:1", "--join-token", "t",
        "--host-id", "h1", "--state-dir", dir.toString(), "--resync-interval", "3600"}, Map.of());
    StateStore store = new StateStore(dir);
    ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor();
    executors.add(loop);
    Reconciler r = new Reconciler(config, new ReconcilerTest.FakeHost(), docker, kernel, new LocalIpam(store, "h1"),
        new DriverEndpoints(store), new TableBook(), new StateFiles(store), loop, Clock.systemUTC());
    r.onTasksAttached(tasks -> passes.incrementAndGet());
    r.start(link).get(5, TimeUnit.SECONDS);
    return r;
  }

  /** Runs {@code task} on the reconciler's (single) thread after everything handed to it before this call. */
  <T> T onReconcilerThread(java.util.concurrent.Callable<T> task) throws Exception {
    return executors.get(executors.size() - 1).submit(task).get(5, TimeUnit.SECONDS);
  }

  /**
   * A barrier to assert after that something did not happen: returns once a whole reconcile pass has run that
   * started after everything handed to the reconciler so far (such as new rules), and once what that pass handed on
   * to the reconciler's thread has run too.
   */
  void awaitNextPass(Reconciler r) throws Exception {
    int before = onReconcilerThread(passes::get);
    r.trigger(); // a pass due already (it starts after the count was read) or a new one
    ReconcilerTest.await("a reconcile pass", () -> passes.get() > before);
    onReconcilerThread(() -> null);
  }

  @AfterEach
  void stop() {
    executors.forEach(ScheduledExecutorService::shutdownNow);
  }

  static ContainerSource.LocalContainer task(String id, String service) {
    return new ContainerSource.LocalContainer(id, service + ".1." + id, 77,
        Map.of(ContainerSource.SERVICE_LABEL, service));
  }

  static List<String> networksOf(ReconcilerTest.FakeDataPlane kernel) {
    return kernel.last() == null ? List.of()
        : kernel.last().networks().stream().map(n -> n.name()).sorted().toList();
  }

  @Test
  void tasksOfRuledServicesJoinEveryRuledNetworkAndOthersStayOut() throws Exception {
    Reconciler r = agent();
    docker.running = List.of(task("aaaaaaaaaaaaaaaa", "web"), task("bbbbbbbbbbbbbbbb", "db"));
    r.onCatalog(List.of(RED, BLUE));
    r.onServices(List.of(new ServiceRule("red", "web"), new ServiceRule("blue", "web"),
        new ServiceRule("gone", "web")));
    ReconcilerTest.await("web on red and blue", () -> networksOf(kernel).equals(List.of("blue", "red")));
    assertThat(link.sent).filteredOn(m -> m instanceof ToCoordinator.EndpointAdd).hasSize(2)
        .allMatch(m -> ((ToCoordinator.EndpointAdd) m).endpoint().container().equals("aaaaaaaaaaaaaaaa")
            && "web".equals(((ToCoordinator.EndpointAdd) m).endpoint().service()));

    // same rules again: nothing new is sent
    int sent = link.sent.size();
    r.onServices(List.of(new ServiceRule("blue", "web"), new ServiceRule("red", "web")));
    awaitNextPass(r);
    assertThat(link.sent).hasSize(sent);

    // a new task of the service joins as it starts
    docker.running = List.of(task("aaaaaaaaaaaaaaaa", "web"), task("cccccccccccccccc", "web"));
    r.trigger();
    ReconcilerTest.await("second task joins", () -> link.sent.stream().anyMatch(m ->
        m instanceof ToCoordinator.EndpointAdd a && a.endpoint().container().equals("cccccccccccccccc")));

    r.onServices(List.of(new ServiceRule("blue", "web")));
    ReconcilerTest.await("web leaves red", () -> networksOf(kernel).equals(List.of("blue")));
    r.onServices(List.of());
    ReconcilerTest.await("web leaves blue", () -> networksOf(kernel).isEmpty());
    assertThat(link.sent).filteredOn(m -> m instanceof ToCoordinator.EndpointRemove).hasSize(4);
  }

  @Test
  void restartedAgentKeepsRuledTasksAttachedWhileTheCoordinatorIsAway() throws Exception {
    Reconciler first = agent();
    docker.running = List.of(task("aaaaaaaaaaaaaaaa", "web"));
    first.onCatalog(List.of(RED));
    first.onServices(List.of(new ServiceRule("red", "web")));
    ReconcilerTest.await("attached", () -> networksOf(kernel).equals(List.of("red")));
    stop();
    executors.clear();
    kernel.applied.clear();
    link.up = false;

    agent(); // catalog and rules from the state dir only
    ReconcilerTest.await("re-applied", () -> kernel.last() != null);
    assertThat(networksOf(kernel)).containsExactly("red");
    assertThat(link.sent).noneMatch(m -> m instanceof ToCoordinator.EndpointRemove);
  }
}
