package dev.weft.agent.reconcile;

import dev.weft.agent.config.AgentConfig;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.agent.config.AgentConfig;
import dev.weft.agent.control.CoordinatorLink;
import dev.weft.common.sync.TableBook;
import dev.weft.agent.dataplane.DataPlane;
import dev.weft.agent.dataplane.DesiredNetwork;
import dev.weft.agent.dataplane.DesiredState;
import dev.weft.agent.dataplane.RemoteEndpoint;
import dev.weft.agent.docker.ContainerSource;
import dev.weft.agent.host.HostFacts;
import dev.weft.agent.host.HostInventory;
import dev.weft.agent.ipam.LocalIpam;
import dev.weft.agent.plugin.DriverEndpoints;
import dev.weft.agent.state.StateFiles;
import dev.weft.agent.state.StateStore;
import dev.weft.agent.wireguard.WireGuardIdentity;
import dev.weft.common.model.Endpoint;
import dev.weft.common.model.HostReport;
import dev.weft.common.model.Network;
import dev.weft.common.model.Peer;
import dev.weft.common.wire.ToAgent;
import dev.weft.common.wire.ToCoordinator;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reconciler over honest fakes of Docker, the kernel and the coordinator, with the real IPAM and state dir. */
public class ReconcilerTest {
  static final Network RED = new Network("red", "100.64.0.0/24", 300, 0, false, Map.of(), 26, "t");
  static final String C1 = "c1c1c1c1c1c1c1c1";

  @TempDir
  Path dir;
  final List<ScheduledExecutorService> executors = new ArrayList<>();

  // ---- fakes ----

  public static final class FakeDocker implements ContainerSource {
    public volatile List<LocalContainer> running = List.of();
    volatile RuntimeException failure;

    @Override
    public List<LocalContainer> running() {
      if (failure != null) {
        throw failure;
      }
      return running;
    }

    @Override
    public HostInventory.EngineInfo engineInfo() {
      return new HostInventory.EngineInfo("20.10.24", null, null);
    }

    @Override
    public void watch(Runnable hint) {
    }

    @Override
    public void close() {
    }
  }

  public static final class FakeDataPlane implements DataPlane {
    final List<DesiredState> applied = new CopyOnWriteArrayList<>();

    @Override
    public void apply(DesiredState desired) {
      applied.add(desired);
    }

    @Override
    public void removeAll() {
    }

    public DesiredState last() {
      return applied.isEmpty() ? null : applied.get(applied.size() - 1);
    }
  }

  public static final class FakeLink implements CoordinatorLink {
    final List<ToCoordinator> sent = new CopyOnWriteArrayList<>();
    final List<String> blockRequests = new CopyOnWriteArrayList<>();
    volatile boolean up = true;
    volatile String grant = "100.64.0.64/26";

    @Override
    public void send(ToCoordinator message) {
      if (up) {
        sent.add(message);
      }
    }

    @Override
    public CompletableFuture<ToAgent.BlockGrant> requestBlock(String network, List<String> full) {
      blockRequests.add(network + " " + full);
      if (!up) {
        return CompletableFuture.failedFuture(new IllegalStateException("not connected to a coordinator"));
      }
      return CompletableFuture.completedFuture(new ToAgent.BlockGrant("r1", network, grant, List.of(grant)));
    }

    @Override
    public boolean connected() {
      return up;
    }
  }

  public static final class FakeHost implements HostFacts {
    @Override
    public HostInventory.Underlay underlay() {
      return new HostInventory.Underlay("eth0", "10.77.0.1", 1500);
    }

    @Override
    public HostReport report(List<String> errors) {
      return new HostReport("h1", "host1", "10.77.0.1", List.of(), "20.10.24", null, null, "0.1.0", errors);
    }
  }

  final FakeDocker docker = new FakeDocker();
  final FakeDataPlane kernel = new FakeDataPlane();
  final FakeLink link = new FakeLink();

  Reconciler agent(TableBook book) throws Exception {
    return agent(book, null);
  }

  Reconciler agent(TableBook book, WireGuardIdentity wireGuard) throws Exception {
    AgentConfig config = AgentConfig.parse(new String[] {"--coordinator", "https://c:1", "--join-token", "t",
        "--host-id", "h1", "--state-dir", dir.toString(), "--resync-interval", "3600"}, Map.of());
    StateStore store = new StateStore(dir);
    ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor();
    executors.add(loop);
    Reconciler r = new Reconciler(config, new FakeHost(), docker, kernel, new LocalIpam(store, "h1"),
        new DriverEndpoints(store), book,
        new StateFiles(store), loop, Clock.systemUTC());
    r.wireGuard(wireGuard);
    r.start(link).get(5, TimeUnit.SECONDS);
    return r;
  }

  @AfterEach
  void stop() {
    executors.forEach(ScheduledExecutorService::shutdownNow);
  }

  public static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > until) {
        throw new AssertionError("not within 5 s: " + what);
      }
      Thread.sleep(10);
    }
  }

  static ContainerSource.LocalContainer container(String id, String name, String networks) {
    return new ContainerSource.LocalContainer(id, name, 4242, Map.of("weft.networks", networks));
  }

  static DesiredNetwork red(DesiredState s) {
    return s.networks().stream().filter(n -> n.name().equals("red")).findFirst().orElse(null);
  }

  // ---- tests ----

  /** Container web1 on red runs here; h2 (10.77.0.2) has one endpoint on red; the catalog names red. */
  private void runWeb1WithOnePeer(TableBook book, Reconciler r) {
    docker.running = List.of(container(C1, "web1", "red"));
    book.onSnapshot(new ToAgent.TableSnapshot("red", "e1", 1, List.of(new Peer("h2", "10.77.0.2")),
        List.of(new Endpoint("red", "h2", "100.64.0.129", "02:57:64:40:00:81", "c2", null))));
    r.onCatalog(List.of(RED));
  }

  @Test
  void nothingIsAppliedBeforeTheCatalogIsKnown() throws Exception {
    docker.running = List.of(container(C1, "web1", "red"));
    agent(new TableBook());
    assertThat(kernel.applied).isEmpty();
    assertThat(link.sent).allMatch(m -> m instanceof ToCoordinator.HostUpdate);
  }

  @Test
  void containerJoinsWithAGrantedBlockAndLeavesWhenItStops() throws Exception {
    TableBook book = new TableBook();
    Reconciler r = agent(book);
    runWeb1WithOnePeer(book, r);

    await("attached", () -> kernel.last() != null && red(kernel.last()) != null);
    assertThat(link.blockRequests).containsExactly("red []");
    DesiredNetwork red = red(kernel.last());
    assertThat(red.mtu()).isEqualTo(1450);
    assertThat(red.attachments()).singleElement().satisfies(a -> {
      assertThat(a.ip()).isEqualTo("100.64.0.64");
      assertThat(a.pid()).isEqualTo(4242);
      assertThat(a.prefix()).isEqualTo(24);
    });
    assertThat(red.remotes()).containsExactly(new RemoteEndpoint("100.64.0.129", "02:57:64:40:00:81", "10.77.0.2"));
    assertThat(link.sent).contains(new ToCoordinator.EndpointAdd(
        new Endpoint("red", "h1", "100.64.0.64", "02:57:64:40:00:40", C1, null)));

    docker.running = List.of();
    r.trigger();
    await("detached", () -> kernel.last().networks().isEmpty());
    assertThat(link.sent).contains(new ToCoordinator.EndpointRemove("red", "100.64.0.64"));
  }

  @Test
  void unknownNetworkIsReportedAndNothingBreaks() throws Exception {
    Reconciler r = agent(new TableBook());
    docker.running = List.of(container(C1, "web1", "red,nope"));
    r.onCatalog(List.of(RED));
    await("host update", () -> link.sent.stream().anyMatch(m -> m instanceof ToCoordinator.HostUpdate u
        && u.host().errors().contains("container web1 (c1c1c1c1c1c1): unknown network 'nope' in label weft.networks")));
    await("attached to red", () -> kernel.last() != null && red(kernel.last()) != null);
    assertThat(r.hostReport().errors()).hasSize(1);
  }

  @Test
  void dockerFailureKeepsEndpointsAndRestartWithCoordinatorDownKeepsTheKernelAsItWas() throws Exception {
    TableBook book = new TableBook();
    Reconciler r = agent(book);
    runWeb1WithOnePeer(book, r);
    await("attached", () -> kernel.last() != null && red(kernel.last()) != null);
    DesiredState before = kernel.last();

    docker.failure = new IllegalStateException("connection refused");
    r.trigger();
    await("docker error reported", () -> r.hostReport().errors().stream().anyMatch(e -> e.contains("refused")));
    assertThat(link.sent).noneMatch(m -> m instanceof ToCoordinator.EndpointRemove);
    assertThat(kernel.last()).isEqualTo(before);

    // restart: a new reconciler over the same state dir, the coordinator unreachable
    r.flush(5000);
    stop();
    docker.failure = null;
    link.up = false;
    kernel.applied.clear();
    agent(new StateFiles(new StateStore(dir)).loadTables());
    // Docker is listed on its own thread (issue 14): the kernel is applied once the containers are known
    await("applied again after the restart", () -> kernel.last() != null);
    assertThat(kernel.applied).as("nothing but the state it had was applied").allMatch(before::equals);
    assertThat(kernel.last()).isEqualTo(before);
  }

  @Test
  void fullBlockAsksForAnotherNamingTheFullOne() throws Exception {
    Reconciler r = agent(new TableBook());
    link.grant = "100.64.0.252/30"; // .255 is the broadcast address: 3 usable
    List<ContainerSource.LocalContainer> four = new ArrayList<>();
    for (int i = 1; i <= 4; i++) {
      four.add(container("cccc000" + i, "w" + i, "red"));
    }
    docker.running = four;
    r.onCatalog(List.of(RED));
    await("first block used", () -> link.blockRequests.size() >= 2);
    assertThat(link.blockRequests.get(1)).isEqualTo("red [100.64.0.252/30]");
  }

  @Test
  void swarmTasksJoinByServiceRuleAndCarryTheService() throws Exception {
    Reconciler r = agent(new TableBook());
    docker.running = List.of(new ContainerSource.LocalContainer("task1task1task1", "web.1.abc", 77,
        Map.of("com.docker.swarm.service.name", "web")));
    r.onCatalog(List.of(RED));
    r.serviceRules(Map.of("web", java.util.Set.of("red")));
    await("task attached", () -> kernel.last() != null && red(kernel.last()) != null);
    assertThat(link.sent).anyMatch(m -> m instanceof ToCoordinator.EndpointAdd a && "web".equals(a.endpoint().service()));
    r.serviceRules(Map.of());
    await("task detached", () -> kernel.last().networks().isEmpty());
  }

  @Test
  void reCreatedNetworkIsReAddressedAndDeletedNetworkLeft() throws Exception {
    Reconciler r = agent(new TableBook());
    docker.running = List.of(container(C1, "web1", "red"));
    r.onCatalog(List.of(RED));
    await("attached", () -> kernel.last() != null && red(kernel.last()) != null);
    link.grant = "100.64.5.0/26";
    r.onCatalog(List.of(new Network("red", "100.64.5.0/24", 301, 0, false, Map.of(), 26, "t2")));
    await("re-addressed", () -> red(kernel.last()) != null && red(kernel.last()).vni() == 301
        && red(kernel.last()).attachments().get(0).ip().equals("100.64.5.1"));
    r.onCatalog(List.of());
    await("left", () -> kernel.last().networks().isEmpty());
  }

  static final Network SEC = new Network("sec", "100.64.5.0/24", 305, 0, true, Map.of(), 26, "t");
  static final WireGuardIdentity WG = new WireGuardIdentity("wireguard-go", 51820, "PUB-H1", "/state/wireguard.key");
  static final ToAgent.Keys KEYS = new ToAgent.Keys("198.18.0.1", "198.18.0.0/15", List.of(
      new dev.weft.common.model.KeyPeer("h2", "PUB-H2", "10.77.0.2:51820", List.of("198.18.0.2/32"), "PSK", 1)));

  static DesiredNetwork sec(DesiredState s) {
    return s == null ? null : s.networks().stream().filter(n -> n.name().equals("sec")).findFirst().orElse(null);
  }

  @Test
  void encryptedNetworksWaitForTheKeyTableAndSurviveARestartWithoutTheCoordinator() throws Exception {
    TableBook book = new TableBook();
    link.grant = "100.64.5.64/26";
    Reconciler r = agent(book, WG);
    docker.running = List.of(container(C1, "web1", "sec"));
    book.onSnapshot(new ToAgent.TableSnapshot("sec", "e1", 1,
        List.of(new Peer("h1", "10.77.0.1"), new Peer("h2", "10.77.0.2")),
        List.of(new Endpoint("sec", "h2", "100.64.5.129", "02:57:64:40:05:81", "c2", null))));
    r.onCatalog(List.of(SEC));
    await("the host reports WireGuard and waits for a tunnel address", () -> link.sent.stream()
        .filter(m -> m instanceof ToCoordinator.HostUpdate).map(m -> ((ToCoordinator.HostUpdate) m).host())
        .anyMatch(h -> "PUB-H1".equals(h.wireguardPublicKey()) && h.errors().stream()
            .anyMatch(e -> e.contains("encrypted network 'sec': not attached yet"))));
    assertThat(sec(kernel.last())).as("no device before the key table: nothing in clear").isNull();

    r.onKeys(KEYS);
    await("attached inside WireGuard", () -> sec(kernel.last()) != null);
    DesiredState s = kernel.last();
    assertThat(sec(s).localAddress()).isEqualTo("198.18.0.1");
    assertThat(sec(s).remotes()).containsExactly(new RemoteEndpoint("100.64.5.129", "02:57:64:40:05:81",
        "198.18.0.2"));
    assertThat(s.wireGuard().peers()).isEqualTo(KEYS.peers());
    Path keysFile = dir.resolve(StateFiles.KEYS_FILE);
    assertThat(java.nio.file.attribute.PosixFilePermissions.toString(java.nio.file.Files.getPosixFilePermissions(
        keysFile))).isEqualTo("rw-------");
    r.flush(3000);
    executors.forEach(ScheduledExecutorService::shutdownNow);

    // a restart while the coordinator is away keeps the encrypted network as it was
    link.up = false;
    kernel.applied.clear();
    agent(new StateFiles(new StateStore(dir)).loadTables(), WG);
    await("applied again after the restart", () -> kernel.last() != null);
    assertThat(sec(kernel.last())).isEqualTo(sec(s));
    assertThat(kernel.last().wireGuard()).isEqualTo(s.wireGuard());
  }
}
