package dev.weft.agent.reconcile;

import dev.weft.agent.config.AgentConfig;
import dev.weft.agent.control.ControlClient;
import dev.weft.agent.control.ControlListener;
import dev.weft.agent.control.LocalView;
import dev.weft.agent.control.CoordinatorLink;
import dev.weft.common.sync.TableBook;
import dev.weft.agent.dataplane.DataPlane;
import dev.weft.agent.docker.ContainerNetworks;
import dev.weft.agent.docker.ContainerSource;
import dev.weft.agent.docker.DockerNetworkSync;
import dev.weft.agent.host.HostFacts;
import dev.weft.agent.ipam.LocalIpam;
import dev.weft.agent.plugin.DriverEndpoints;
import dev.weft.agent.plugin.DriverHost;
import dev.weft.agent.plugin.StaleEndpoints;
import dev.weft.agent.reconcile.DesiredStateBuilder.LocalAttachment;
import dev.weft.agent.state.StateFiles;
import dev.weft.agent.state.TableSaver;
import dev.weft.agent.wireguard.WireGuardIdentity;
import dev.weft.common.model.Endpoint;
import dev.weft.common.model.HostReport;
import dev.weft.common.model.Network;
import dev.weft.common.model.ServiceRule;
import dev.weft.common.wire.ToAgent;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's loop, on one thread: containers from Docker, the catalog and tables from the coordinator, addresses from
 * {@link LocalIpam} → {@link DesiredStateBuilder} → {@link DataPlane#apply}. Runs on every hint (Docker event, table
 * change, catalog, connection) and in full on a timer, because hints can be lost. Endpoint changes
 * ({@link EndpointDiff}, {@link BlockRequests}) and host changes ({@link HostReporter}) go to the coordinator; what
 * must survive a restart goes to {@link StateFiles}. Nothing here tears down on a lost connection or a failed Docker
 * listing: what is not known is kept as it was.
 *
 * <p>Docker is asked only by the {@link DockerObserver}, never on the loop, which Weft's Docker driver waits for
 * (issue 14); the driver's endpoints ({@link DriverEndpoints}) join the desired state beside labelled containers.
 */
public final class Reconciler implements ControlListener, LocalView {
  private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);

  private final AgentConfig config;
  private final LocalIpam ipam;
  private final TableBook book;
  private final ScheduledExecutorService executor;
  private final ContainerSource docker;
  private final ContainerListing containers;
  private final HostReporter host;
  private final EndpointDiff endpoints;
  private final DataPlaneApply dataPlane;
  private final BlockRequests blocks;
  private final TableSaver tables;
  private final LabelPlanning labels = new LabelPlanning();
  private final AtomicBoolean scheduled = new AtomicBoolean();
  private final DockerObserver observer;
  private final DriverLoop driverLoop;
  private final DriverEndpoints driver;
  private volatile CoordinatorLink link;
  /** The catalog for the Docker driver's threads, as of the last one taken. */
  private volatile Map<String, Network> catalogView;

  private final CoordinatorState known;
  // Reconciler thread only.
  /** Told which Swarm task containers are attached (container id → pid) after each apply: Weft DNS (issue 5). */
  private Consumer<Map<String, Integer>> tasksAttached = tasks -> { };
  /** This host's WireGuard (issue 6); null when it has none. */
  private volatile WireGuardIdentity wireGuard;

  public Reconciler(AgentConfig config, HostFacts inventory, ContainerSource docker, DataPlane dataPlane,
                    LocalIpam ipam, DriverEndpoints driver, TableBook book, StateFiles files,
                    ScheduledExecutorService executor, Clock clock) {
    this.config = config;
    this.driver = driver;
    this.ipam = ipam;
    this.book = book;
    this.executor = executor;
    this.docker = docker;
    this.containers = new ContainerListing(docker);
    this.host = new HostReporter(config.hostId(), inventory, () -> wireGuard);
    this.dataPlane = new DataPlaneApply(config.hostId(), config.vxlanPort(), book, dataPlane, executor,
        this::trigger);
    this.blocks = new BlockRequests(ipam, executor, this::trigger, this.dataPlane::invalidate);
    this.endpoints = new EndpointDiff(ipam, blocks);
    this.tables = new TableSaver(files, book, executor, clock);
    this.known = new CoordinatorState(files, ipam);
    this.catalogView = known.catalog();
    this.observer = new DockerObserver(host, containers, () -> catalogView, executor, this::reconcile);
    this.driverLoop = new DriverLoop(executor, () -> catalogView, () -> link, blocks,
        new DriverPasses(executor, () -> reconcile(false), this::driverFailure));
  }

  /**
   * Runs the first full reconcile now (on the executor) and then every resync interval; watches Docker.
   * Call once, before the control client starts; wait for the returned future so that the first register carries
   * the host report.
   */
  public Future<?> start(CoordinatorLink coordinator) {
    this.link = coordinator;
    // The first pass reads the underlay only: dockerd may be restoring containers and waiting for the driver.
    Future<?> first = executor.submit(() -> {
      host.refreshUnderlay();
      reconcile(true);
    });
    observer.soon(true);
    executor.scheduleWithFixedDelay(() -> observer.soon(true), config.resyncSeconds(), config.resyncSeconds(),
        TimeUnit.SECONDS);
    docker.watch(this::trigger);
    return first;
  }

  /** What Weft's Docker driver asks of this loop (issue 14). */
  public DriverHost driverHost() {
    return driverLoop;
  }

  /** Stops asking Docker. */
  public void stop() {
    observer.stop();
  }

  /** Containers may have changed (a Docker event): lists them again, then reconciles. Any thread. */
  public void trigger() {
    observer.soon(false);
  }

  /**
   * Starts keeping this host's Docker networks in step with the catalog (issue 14); call once Weft's driver serves,
   * because dockerd asks the driver while it makes a network.
   */
  public void dockerNetworks(DockerNetworkSync sync, StaleEndpoints sweep) {
    observer.dockerNetworks(sync, sweep);
  }

  /** Only coordinator state changed: runs a reconcile soon over the containers last listed. Any thread. */
  private void schedule() {
    if (scheduled.compareAndSet(false, true)) {
      executor.schedule(() -> {
        scheduled.set(false);
        reconcile(false);
      }, 20, TimeUnit.MILLISECONDS);
    }
  }

  /** Writes what is not written yet (the tables), for a graceful stop. Blocks until done or {@code timeoutMs}. */
  public void flush(long timeoutMs) {
    try {
      executor.submit(tables::saveNow).get(timeoutMs, TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      LOG.warn("could not save the tables before stopping: {}", e.toString());
    }
  }

  /**
   * This host's WireGuard (issue 6): its kind, port and key, reported to the coordinator; encrypted networks are
   * joined only with it. Call before {@link #start}; null (the default) for a host without WireGuard.
   */
  public void wireGuard(WireGuardIdentity identity) {
    this.wireGuard = identity;
  }

  /** Called on the reconciler thread with the attached Swarm task containers (id → pid) after each apply. */
  public void onTasksAttached(Consumer<Map<String, Integer>> hook) {
    executor.execute(() -> tasksAttached = hook);
  }

  /** Swarm service rules from the coordinator (issue 5): service name → networks its tasks join. */
  public void serviceRules(Map<String, Set<String>> rules) {
    executor.execute(() -> {
      known.serviceRules(rules);
      trigger();
    });
  }

  // ---- ControlListener (event loop: hand over and return) ----

  @Override
  public void onConnected(URI coordinator) {
    executor.execute(() -> {
      // A block held without endpoints may have been reclaimed while this host was away (the coordinator frees
      // blocks of hosts that are down and empty): confirm it through a block request before giving from it again.
      for (String net : ipam.networks()) {
        ipam.dropUnusedBlocks(net);
      }
      trigger();
    });
  }

  @Override
  public void onCatalog(List<Network> networks) {
    executor.execute(() -> {
      known.catalog(networks);
      catalogView = known.catalog();
      trigger();
    });
  }

  @Override
  public void onServices(List<ServiceRule> rules) {
    Map<String, Set<String>> byService = CoordinatorState.byService(rules);
    executor.execute(() -> {
      if (!byService.equals(known.serviceRules())) {
        LOG.info("service rules (service -> networks): {}", byService);
      }
    });
    serviceRules(byService);
  }

  @Override
  public void onKeys(ToAgent.Keys table) {
    executor.execute(() -> {
      known.keys(table);
      schedule();
    });
  }

  @Override
  public void onTableChanged(String network) {
    schedule();
  }

  // ---- LocalView (event loop: cached values only) ----

  @Override
  public HostReport hostReport() {
    return host.current();
  }

  @Override
  public List<Endpoint> endpoints() {
    return ipam.endpoints();
  }

  /** Why the kernel is not as the driver needs it after a pass, or null. Reconciler thread. */
  private String driverFailure() {
    if (known.catalog() == null) {
      return "no network catalog from the coordinator yet";
    }
    if (host.underlay() == null) {
      return "this host has no underlay address";
    }
    return dataPlane.error();
  }

  // ---- the loop ----

  /** One pass over what is known; asks Docker nothing (the containers are those last listed). */
  void reconcile(boolean full) {
    try {
      List<ContainerSource.LocalContainer> now = containers.last();
      List<String> labelProblems = List.of();
      Map<String, Network> catalog = known.catalog();
      if (catalog == null) {
        LOG.debug("no network catalog yet; waiting for the coordinator");
      } else if (now == null) {
        // Docker not listed yet (it may be restoring containers and waiting for this agent's driver): the driver's
        // endpoints are applied, and nothing else is touched.
        DriverEndpoints.Snapshot byDocker = driver.snapshot();
        if (host.underlay() != null && !byDocker.endpoints().isEmpty()) {
          dataPlane.apply(host.underlay(), catalog, DriverAttachments.joined(byDocker, ipam), DriverAttachments.prepared(byDocker), wireGuard,
              known.keys(), full, true);
        }
      } else {
        LabelPlanning.Result planned = labels.plan(now, catalog, known.serviceRules(), wireGuard != null,
            known.keys());
        ContainerNetworks.Plan plan = planned.plan();
        labelProblems = planned.errors();
        DriverEndpoints.Snapshot byDocker = driver.snapshot();
        if (containers.error() == null) {
          endpoints.releaseUnwanted(plan, driver, link);
        }
        List<LocalAttachment> attachments = endpoints.assignWanted(now, plan, catalog, link);
        List<LocalAttachment> all = new ArrayList<>(attachments);
        all.addAll(DriverAttachments.joined(byDocker, ipam));
        if (host.underlay() != null) { // no underlay, no VXLAN; reported as an error
          dataPlane.apply(host.underlay(), catalog, all, DriverAttachments.prepared(byDocker), wireGuard, known.keys(), full, false);
        }
        if (containers.error() == null) {
          tellTasks(attachments);
        }
      }
      tables.save();
      host.update(problems(labelProblems), link);
    } catch (RuntimeException e) {
      LOG.error("reconcile failed; retrying on the next change or resync", e);
    }
  }

  /** This pass's problems, in the order the host report lists them. */
  private List<String> problems(List<String> labelProblems) {
    List<String> errors = new ArrayList<>();
    if (containers.error() != null) {
      errors.add(containers.error());
    }
    errors.addAll(labelProblems);
    errors.addAll(blocks.errors());
    errors.addAll(observer.problems());
    if (dataPlane.error() != null) {
      errors.add(dataPlane.error());
    }
    return errors;
  }

  private void tellTasks(List<LocalAttachment> attachments) {
    Map<String, Integer> tasks = new TreeMap<>();
    attachments.stream().filter(a -> a.endpoint().service() != null)
        .forEach(a -> tasks.put(a.endpoint().container(), a.pid()));
    try {
      tasksAttached.accept(tasks);
    } catch (RuntimeException e) {
      LOG.warn("task hook failed: {}", e.toString());
    }
  }
}
