package dev.weft.agent;

import dev.weft.agent.config.AgentConfig;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.weft.agent.DesiredStateBuilder.LocalAttachment;
import dev.weft.agent.dataplane.DataPlane;
import dev.weft.agent.dataplane.DesiredState;
import dev.weft.common.model.Endpoint;
import dev.weft.common.model.HostReport;
import dev.weft.common.model.Network;
import dev.weft.common.wire.ToAgent;
import dev.weft.common.wire.ToCoordinator;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's loop, on one thread: containers from Docker, the catalog and tables from the coordinator, addresses from
 * {@link LocalIpam} → {@link DesiredStateBuilder} → {@link DataPlane#apply}. Runs on every hint (Docker event, table
 * change, catalog, connection) and in full on a timer, because hints can be lost. Endpoint changes and host changes
 * go to the coordinator. Nothing here tears down on a lost connection or a failed Docker listing: what is not known
 * is kept as it was.
 */
public final class Reconciler implements ControlClient.Listener, ControlClient.LocalView {
  private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);
  static final String CATALOG_FILE = "catalog.json";
  static final String TABLES_FILE = "tables.json";
  /** The last service rules (issue 5), so that a restarted agent keeps task containers attached while offline. */
  static final String SERVICES_FILE = "services.json";
  /**
   * The last key table (issue 6), mode 0600 (it holds pre-shared keys), so that a restarted agent keeps encrypted
   * networks forwarding before, or without, the coordinator.
   */
  static final String KEYS_FILE = "keys.json";

  /** What {@code tables.json} holds. */
  record SavedTables(List<ToAgent.TableSnapshot> tables) {
  }

  private final AgentConfig config;
  private final HostFacts inventory;
  private final ContainerSource docker;
  private final DataPlane dataPlane;
  private final LocalIpam ipam;
  private final TableBook book;
  private final StateStore store;
  private final ScheduledExecutorService executor;
  private final AtomicBoolean scheduled = new AtomicBoolean();
  private final AtomicBoolean dockerDirty = new AtomicBoolean(true);
  private CoordinatorLink link;

  // Reconciler thread only.
  private Map<String, Network> catalog;
  private Map<String, Set<String>> serviceRules = Map.of();
  private List<ContainerSource.LocalContainer> lastContainers;
  private HostInventory.Underlay underlay;
  private HostReport baseReport;
  private String underlayError;
  private String dockerError;
  private String dataPlaneError;
  private final Set<String> pendingBlocks = new HashSet<>();
  private final Map<String, String> blockErrors = new TreeMap<>();
  private final Set<String> loggedLabelErrors = new HashSet<>();
  static final long TABLE_SAVE_INTERVAL_MS = 1000;
  /** The digests of the tables last written to {@code tables.json}. */
  private Map<String, String> savedDigests;
  private long lastTableSave = System.nanoTime() - TimeUnit.HOURS.toNanos(1);
  private boolean tableSaveScheduled;
  private DesiredState lastApplied;
  /** Told which Swarm task containers are attached (container id → pid) after each apply: Weft DNS (issue 5). */
  private java.util.function.Consumer<Map<String, Integer>> tasksAttached = tasks -> { };

  /** This host's WireGuard (issue 6); null when it has none. */
  private volatile WireGuardIdentity wireGuard;
  /** The last key table from the coordinator (issue 6); reconciler thread. */
  private ToAgent.Keys keys;

  // Read by the control client's event loop.
  private volatile HostReport report;
  private volatile HostReport reported;

  public Reconciler(AgentConfig config, HostFacts inventory, ContainerSource docker, DataPlane dataPlane,
                    LocalIpam ipam, TableBook book, StateStore store, ScheduledExecutorService executor) {
    this.config = config;
    this.inventory = inventory;
    this.docker = docker;
    this.dataPlane = dataPlane;
    this.ipam = ipam;
    this.book = book;
    this.store = store;
    this.executor = executor;
    this.catalog = store.read(CATALOG_FILE, new TypeReference<List<Network>>() { })
        .map(Reconciler::byName).orElse(null);
    this.serviceRules = store.read(SERVICES_FILE, new TypeReference<Map<String, Set<String>>>() { })
        .map(Map::copyOf).orElse(Map.of());
    this.keys = store.read(KEYS_FILE, new TypeReference<ToAgent.Keys>() { }).orElse(null);
  }

  /** The tables saved by a previous run, so that a restarted agent forwards as before while the coordinator is down. */
  public static TableBook loadTables(StateStore store) {
    return store.read(TABLES_FILE, new TypeReference<SavedTables>() { })
        .map(s -> new TableBook(s.tables()))
        .orElseGet(TableBook::new);
  }

  /**
   * Runs the first full reconcile now (on the executor) and then every resync interval; watches Docker.
   * Call once, before the control client starts; wait for the returned future so that the first register carries
   * the host report.
   */
  public java.util.concurrent.Future<?> start(CoordinatorLink coordinator) {
    this.link = coordinator;
    java.util.concurrent.Future<?> first = executor.submit(() -> reconcile(true));
    executor.scheduleWithFixedDelay(() -> reconcile(true), config.resyncSeconds(), config.resyncSeconds(),
        TimeUnit.SECONDS);
    docker.watch(this::trigger);
    return first;
  }

  /** Containers may have changed (a Docker event): runs a reconcile soon that lists them again. Any thread. */
  public void trigger() {
    dockerDirty.set(true);
    schedule();
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
      executor.submit(() -> {
        lastTableSave = System.nanoTime() - TimeUnit.HOURS.toNanos(1);
        saveTables();
      }).get(timeoutMs, TimeUnit.MILLISECONDS);
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
  public void onTasksAttached(java.util.function.Consumer<Map<String, Integer>> hook) {
    executor.execute(() -> tasksAttached = hook);
  }

  /** Swarm service rules from the coordinator (issue 5): service name → networks its tasks join. */
  public void serviceRules(Map<String, Set<String>> rules) {
    executor.execute(() -> {
      Map<String, Set<String>> next = Map.copyOf(rules);
      if (!next.equals(serviceRules)) {
        serviceRules = next;
        store.write(SERVICES_FILE, new TreeMap<>(next));
      }
      trigger();
    });
  }

  // ---- ControlClient.Listener (event loop: hand over and return) ----

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
      Map<String, Network> next = byName(networks);
      if (!next.equals(catalog)) {
        if (catalog != null) {
          for (Network old : catalog.values()) {
            Network now = next.get(old.name());
            if (now == null) {
              LOG.info("network {} was deleted; leaving it", old.name());
              ipam.forget(old.name());
            } else if (!now.subnet().equals(old.subnet()) || now.vni() != old.vni()) {
              // deleted and created again under the same name: old blocks and addresses mean nothing now
              LOG.info("network {} was re-created ({} vni {} -> {} vni {}); re-addressing its containers",
                  old.name(), old.subnet(), old.vni(), now.subnet(), now.vni());
              ipam.forget(old.name());
            }
          }
        }
        catalog = next;
        store.write(CATALOG_FILE, List.copyOf(next.values()));
      }
      trigger();
    });
  }

  @Override
  public void onServices(List<dev.weft.common.model.ServiceRule> rules) {
    Map<String, Set<String>> byService = new TreeMap<>();
    for (dev.weft.common.model.ServiceRule r : rules) {
      byService.computeIfAbsent(r.service(), s -> new java.util.TreeSet<>()).add(r.network());
    }
    executor.execute(() -> {
      if (!byService.equals(serviceRules)) {
        LOG.info("service rules (service -> networks): {}", byService);
      }
    });
    serviceRules(byService);
  }

  @Override
  public void onKeys(ToAgent.Keys table) {
    executor.execute(() -> {
      if (!table.equals(keys)) {
        LOG.info("key table: tunnel address {}, peers {}", table.tunnelAddress(),
            table.peers().stream().map(p -> p.host() + "@" + p.endpoint() + "#" + p.pskEpoch()).toList());
        keys = table;
        store.writePrivate(KEYS_FILE, table);
      }
      schedule();
    });
  }

  @Override
  public void onTableChanged(String network) {
    schedule();
  }

  // ---- ControlClient.LocalView (event loop: cached values only) ----

  @Override
  public HostReport hostReport() {
    HostReport r = report;
    if (r == null) {
      r = minimalReport(List.of("agent starting: host not inventoried yet"));
    }
    reported = r;
    return r;
  }

  @Override
  public List<Endpoint> endpoints() {
    return ipam.endpoints();
  }

  // ---- the loop ----

  void reconcile(boolean full) {
    try {
      if (full || underlay == null) {
        refreshHost();
      }
      List<ContainerSource.LocalContainer> containers = full || dockerDirty.getAndSet(false) || lastContainers == null
          ? listContainers() : lastContainers;
      List<String> labelErrors = List.of();
      if (catalog == null) {
        LOG.debug("no network catalog yet; waiting for the coordinator");
      } else if (containers != null) {
        ContainerNetworks.Plan plan = ContainerNetworks.plan(containers, catalog, serviceRules, wireGuard != null);
        labelErrors = new ArrayList<>(plan.errors());
        labelErrors.addAll(waitingForTunnel(plan));
        logLabelErrors(labelErrors);
        releaseUnwanted(plan);
        List<LocalAttachment> attachments = assignWanted(containers, plan);
        applyDataPlane(attachments, full);
        if (dockerError == null) {
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
      saveTables();
      updateReport(labelErrors);
    } catch (RuntimeException e) {
      LOG.error("reconcile failed; retrying on the next change or resync", e);
    }
  }

  /** Encrypted networks wanted here while the coordinator has not given this host a tunnel address (yet). */
  private List<String> waitingForTunnel(ContainerNetworks.Plan plan) {
    if (wireGuard == null || (keys != null && keys.tunnelAddress() != null)) {
      return List.of();
    }
    Set<String> waiting = new java.util.TreeSet<>();
    plan.wanted().values().forEach(nets -> nets.stream()
        .filter(n -> catalog.containsKey(n) && catalog.get(n).encrypted()).forEach(waiting::add));
    return waiting.stream().map(n -> "encrypted network '" + n + "': not attached yet, waiting for this host's "
        + "tunnel address and key table from the coordinator").toList();
  }

  private void refreshHost() {
    try {
      underlay = inventory.underlay();
      underlayError = null;
    } catch (IllegalStateException e) {
      if (!e.getMessage().equals(underlayError)) {
        LOG.error("underlay: {}", e.getMessage());
      }
      underlayError = e.getMessage();
    }
    try {
      baseReport = withWireGuard(inventory.report(List.of()));
    } catch (RuntimeException e) {
      LOG.error("cannot inventory this host: {}", e.getMessage());
      baseReport = minimalReport(List.of("inventory failed: " + e.getMessage()));
    }
  }

  private HostReport minimalReport(List<String> errors) {
    return withWireGuard(new HostReport(config.hostId(), HostInventory.hostname(), null, List.of(), null, null, null,
        HostInventory.AGENT_VERSION, errors));
  }

  private HostReport withWireGuard(HostReport r) {
    WireGuardIdentity wg = wireGuard;
    if (wg == null) {
      return r;
    }
    return new HostReport(r.hostId(), r.hostname(), r.underlayAddress(), r.interfaces(), r.dockerVersion(),
        r.swarmNodeId(), r.swarmRole(), r.agentVersion(), r.errors(), wg.kind(), wg.publicKey(), wg.listenPort());
  }

  /** Running containers, or the last known ones (null if none yet) when Docker cannot be asked. */
  private List<ContainerSource.LocalContainer> listContainers() {
    try {
      List<ContainerSource.LocalContainer> now = docker.running();
      if (dockerError != null) {
        LOG.info("docker engine reachable again");
      }
      dockerError = null;
      lastContainers = now;
      return now;
    } catch (RuntimeException e) {
      String msg = "docker engine unreachable: " + e.getMessage();
      if (!msg.equals(dockerError)) {
        LOG.error("{}; keeping the last known containers attached", msg);
      }
      dockerError = msg;
      return lastContainers;
    }
  }

  private void logLabelErrors(List<String> errors) {
    for (String e : errors) {
      if (loggedLabelErrors.add(e)) {
        LOG.error("{}; the container keeps running without it", e);
      }
    }
    loggedLabelErrors.retainAll(errors);
  }

  /** Endpoints of containers that stopped or no longer want the network leave (only after a good Docker listing). */
  private void releaseUnwanted(ContainerNetworks.Plan plan) {
    if (dockerError != null) {
      return;
    }
    for (Endpoint e : ipam.endpoints()) {
      if (!plan.wants(e.container(), e.network())) {
        ipam.release(e.network(), e.container());
        LOG.info("container {} left network {} ({})", ContainerNetworks.shortId(e.container()), e.network(), e.ip());
        link.send(new ToCoordinator.EndpointRemove(e.network(), e.ip()));
      }
    }
  }

  private List<LocalAttachment> assignWanted(List<ContainerSource.LocalContainer> containers,
                                             ContainerNetworks.Plan plan) {
    List<LocalAttachment> attachments = new ArrayList<>();
    for (ContainerSource.LocalContainer c : containers) {
      for (String net : plan.wanted().getOrDefault(c.id(), Set.of())) {
        Network network = catalog.get(net);
        boolean had = ipam.endpoint(net, c.id()).isPresent();
        Optional<Endpoint> e = ipam.assign(net, network.subnet(), c.id(), c.service());
        if (e.isEmpty()) {
          askForBlock(network);
          continue;
        }
        if (!had) {
          LOG.info("container {} ({}) joins network {} as {}", c.name(), ContainerNetworks.shortId(c.id()), net,
              e.get().ip());
          link.send(new ToCoordinator.EndpointAdd(e.get()));
        }
        attachments.add(new LocalAttachment(e.get(), c.pid()));
      }
    }
    return attachments;
  }

  private void askForBlock(Network network) {
    String net = network.name();
    if (!pendingBlocks.add(net)) {
      return;
    }
    List<String> full = ipam.fullBlocks(net, network.subnet());
    LOG.info("network {}: no free address in this host's blocks {}; asking the coordinator for a block", net, full);
    link.requestBlock(net, full).whenComplete((grant, error) -> executor.execute(() -> {
      pendingBlocks.remove(net);
      if (error == null) {
        List<String> owned = new ArrayList<>(grant.owned());
        if (grant.block() != null && !owned.contains(grant.block())) {
          owned.add(grant.block());
        }
        for (Endpoint lost : ipam.grant(net, owned)) {
          LOG.warn("network {}: container {} had {} in a block the coordinator does not list as this host's; "
              + "giving it a new address", net, ContainerNetworks.shortId(lost.container()), lost.ip());
          lastApplied = null;
        }
        if (ipam.fullBlocks(net, network.subnet()).containsAll(owned)) {
          // the coordinator's account differs from ours; asking again at once would loop
          String msg = "network " + net + ": the coordinator granted " + grant.block()
              + " but this host has no free address in " + owned + "; retrying on the next resync";
          if (!msg.equals(blockErrors.put(net, msg))) {
            LOG.warn(msg);
          }
          return;
        }
        blockErrors.remove(net);
        LOG.info("network {}: granted block {} (this host owns {})", net, grant.block(), owned);
        trigger();
      } else {
        Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
            ? error.getCause() : error;
        String msg = "network " + net + ": no address block for new containers: " + cause.getMessage();
        if (!msg.equals(blockErrors.put(net, msg))) {
          LOG.warn(msg);
        }
      }
    }));
  }

  /** Applies the desired state when it changed, and always on a full resync (the kernel may have drifted). */
  private void applyDataPlane(List<LocalAttachment> attachments, boolean full) {
    if (underlay == null) {
      return; // no underlay, no VXLAN; reported as an error
    }
    DesiredState desired = DesiredStateBuilder.build(
        new DesiredStateBuilder.Host(config.hostId(), underlay.address(), underlay.mtu(), config.vxlanPort()),
        catalog, book.tables(), attachments, encryption());
    if (!full && desired.equals(lastApplied)) {
      return;
    }
    lastApplied = null;
    try {
      dataPlane.apply(desired);
      lastApplied = desired;
      if (dataPlaneError != null) {
        LOG.info("data plane applied again");
      }
      dataPlaneError = null;
    } catch (RuntimeException e) {
      String msg = "data plane: " + e.getMessage();
      if (!msg.equals(dataPlaneError)) {
        LOG.error("{}; retrying in 5 s", msg, e);
      }
      dataPlaneError = msg;
      executor.schedule(this::trigger, 5, TimeUnit.SECONDS);
    }
  }

  private DesiredStateBuilder.Encryption encryption() {
    WireGuardIdentity wg = wireGuard;
    return wg == null ? null
        : new DesiredStateBuilder.Encryption(wg.kind(), wg.listenPort(), wg.privateKeyFile(), keys);
  }

  /**
   * Writes the tables when they changed, at most every {@link #TABLE_SAVE_INTERVAL_MS}: a busy network changes them
   * many times a second, and a restarted agent only needs them close enough to forward until the coordinator's
   * snapshots arrive.
   */
  private void saveTables() {
    Map<String, String> digests = book.digests();
    if (digests.equals(savedDigests)) {
      return;
    }
    long now = System.nanoTime();
    if (now - lastTableSave < TimeUnit.MILLISECONDS.toNanos(TABLE_SAVE_INTERVAL_MS)) {
      if (!tableSaveScheduled) {
        tableSaveScheduled = true;
        executor.schedule(() -> {
          tableSaveScheduled = false;
          saveTables();
        }, TABLE_SAVE_INTERVAL_MS, TimeUnit.MILLISECONDS);
      }
      return;
    }
    List<ToAgent.TableSnapshot> snapshots = book.snapshots();
    store.write(TABLES_FILE, new SavedTables(snapshots));
    lastTableSave = now;
    savedDigests = digests;
  }

  private void updateReport(List<String> labelErrors) {
    List<String> errors = new ArrayList<>();
    if (underlayError != null) {
      errors.add("underlay: " + underlayError);
    }
    if (dockerError != null) {
      errors.add(dockerError);
    }
    errors.addAll(labelErrors);
    errors.addAll(blockErrors.values());
    if (dataPlaneError != null) {
      errors.add(dataPlaneError);
    }
    HostReport b = baseReport;
    List<String> all = new ArrayList<>(b.errors().stream().filter(e -> !errors.contains(e)).toList());
    all.addAll(errors);
    HostReport next = b.withErrors(all);
    report = next;
    if (!next.equals(reported) && link.connected()) {
      reported = next;
      link.send(new ToCoordinator.HostUpdate(next));
    }
  }

  private static Map<String, Network> byName(List<Network> networks) {
    Map<String, Network> map = new LinkedHashMap<>();
    networks.forEach(n -> map.put(n.name(), n));
    return map;
  }
}
