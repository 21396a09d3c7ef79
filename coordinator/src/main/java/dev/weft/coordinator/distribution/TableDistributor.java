package dev.weft.coordinator.distribution;

import dev.weft.common.model.Endpoint;
import dev.weft.common.model.Peer;
import dev.weft.common.model.ServiceRule;
import dev.weft.common.table.NetworkTable;
import dev.weft.common.wire.ToAgent;
import dev.weft.common.wire.WireCodec;
import dev.weft.coordinator.metrics.Counters;
import dev.weft.coordinator.store.BlockSet;
import dev.weft.coordinator.host.HostRecord;
import dev.weft.coordinator.store.NetworkCatalog;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps each network's peer and endpoint table in memory and pushes changes to the agents that take part.
 *
 * <p>Fed by store change events (Hazelcast entry events, so changes made on any member arrive here) through a
 * {@link NetworkView}; all state is confined to one thread, so events, registrations and snapshot requests are
 * handled in one order: a snapshot sent to an agent is always followed by exactly the deltas after it. Per change of
 * a network: the new table, the delta once, the JSON once, sent to the connected hosts of that network only
 * (O(participants), never O(hosts²)).
 */
public final class TableDistributor implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TableDistributor.class);

  private final String epoch;
  private final int heartbeatSeconds;
  private final WireCodec codec;
  private final Counters counters;
  private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
    Thread thread = new Thread(r, "weft-distribution");
    thread.setDaemon(true);
    return thread;
  });

  // Confined to the executor thread.
  private NetworkView view = new NetworkView();
  private final Map<String, NetworkTable> tables = new HashMap<>();
  /** Network to the hosts whose current link holds its table (got a snapshot, then every delta). */
  private final Map<String, Set<String>> subscribers = new HashMap<>();
  private final Map<String, AgentLink> links = new HashMap<>();
  /** The encoded snapshot of each network's current table, made at most once per version. */
  private final Map<String, Outgoing> encodedSnapshots = new HashMap<>();
  /**
   * Networks (with the endpoint addresses) whose blocks or endpoints changed since their table was last published. Such changes are applied to
   * the view at once and published together by {@link #flush}, which runs after the events already queued: a burst
   * (an agent registering with its endpoints, many agents starting containers) becomes one delta per network
   * instead of one per change, each sent to every participant. Any other event flushes first, so the order of
   * deltas, snapshots and catalogs an agent sees is unchanged.
   */
  private final Map<String, Set<String>> dirty = new java.util.LinkedHashMap<>();
  private boolean flushQueued;
  /** Swarm service rules (issue 5), by network then service; every agent gets the whole list. */
  private volatile java.util.function.Consumer<String> connectedListener = host -> { };
  private final Set<ServiceRule> serviceRules = new java.util.TreeSet<>(java.util.Comparator
      .comparing(ServiceRule::network).thenComparing(ServiceRule::service));

  /**
   * @param epoch            this process's numbering of table versions: random per start; agents carry tables
   *                         across members and restarts by their digest, not by epoch and version
   * @param heartbeatSeconds the interval announced to agents in the welcome
   */
  public TableDistributor(String epoch, int heartbeatSeconds, WireCodec codec, Counters counters) {
    this.epoch = epoch;
    this.heartbeatSeconds = heartbeatSeconds;
    this.codec = codec;
    this.counters = counters;
  }

  public String epoch() {
    return epoch;
  }

  /** The thread store events must be delivered on. */
  public ExecutorService executor() {
    return executor;
  }

  /** Stored state for {@link #resync}. */
  public record Stored(NetworkCatalog catalog, Collection<HostRecord> hosts, Map<String, BlockSet> blocks,
                       Collection<Endpoint> endpoints) {
  }

  /**
   * Rebuilds the view from stored state and sends every table's difference (issue 4). At start, with the store's
   * listeners already registered; after a split healed, when the changes the other side made never arrived here as
   * events. {@code load} runs on the distribution thread, after every event delivered before it (whose change it
   * therefore reads) and before every event delivered after it, so no change falls between reading and listening.
   * A failing load leaves the view as it was.
   */
  public CompletableFuture<Void> resync(java.util.function.Supplier<Stored> load) {
    return CompletableFuture.runAsync(() -> {
      flush();
      Stored stored = load.get();
      NetworkView fresh = new NetworkView();
      fresh.seed(stored.catalog(), stored.hosts(), stored.blocks(), stored.endpoints());
      view = fresh;
      for (String network : new ArrayList<>(tables.keySet())) {
        if (!view.exists(network)) {
          tables.remove(network);
          subscribers.remove(network);
          encodedSnapshots.remove(network);
        }
      }
      Outgoing text = new Outgoing(codec.encode(catalogMessage()));
      links.values().forEach(link -> send(link, text));
      view.networks().forEach(n -> recompute(n.name()));
    }, executor);
  }

  /**
   * Closes every agent connection (issue 4: this member lost its majority; its agents move to a member that has
   * one, since it can neither take their changes nor see the majority's).
   */
  public void closeAll() {
    executor.execute(() -> new ArrayList<>(links.values()).forEach(AgentLink::close));
  }

  /**
   * Loads the stored service rules at start, with the rules' listener already registered: {@code load} runs on the
   * distribution thread, like {@link #resync}'s.
   */
  public CompletableFuture<Void> seedServiceRules(java.util.function.Supplier<Collection<ServiceRule>> load) {
    return CompletableFuture.runAsync(() -> serviceRules.addAll(load.get()), executor);
  }

  /** A service rule was added or removed: every connected agent gets the full list again. */
  public void serviceRuleChanged(String key, ServiceRule before, ServiceRule after) {
    flush();
    boolean changed = before != null && serviceRules.remove(before);
    changed |= after != null && serviceRules.add(after);
    if (changed) {
      Outgoing text = new Outgoing(codec.encode(servicesMessage()));
      links.values().forEach(link -> send(link, text));
    }
  }

  /** The catalog changed: tables of new networks start, those of deleted ones go; every agent gets the catalog. */
  public void catalogChanged(String key, NetworkCatalog before, NetworkCatalog after) {
    flush();
    for (String gone : view.applyCatalog(after == null ? NetworkCatalog.EMPTY : after)) {
      tables.remove(gone);
      encodedSnapshots.remove(gone);
      subscribers.remove(gone);
    }
    Outgoing text = new Outgoing(codec.encode(catalogMessage()));
    links.values().forEach(link -> send(link, text));
    view.networks().forEach(n -> recompute(n.name()));
  }

  /** A host record changed (registered, updated, up or down) or was removed (revoked). */
  public void hostChanged(String id, HostRecord before, HostRecord after) {
    flush();
    if (after == null && links.containsKey(id)) {
      links.get(id).close(); // deleted through the API (issue 6): its session ends on every member
    }
    view.applyHost(id, before, after).forEach(this::recompute);
  }

  /** The blocks of a network changed. */
  public void blocksChanged(String network, BlockSet before, BlockSet after) {
    view.applyBlocks(network, before, after);
    markDirty(network, null);
  }

  /** An endpoint was added, replaced or removed. */
  public void endpointChanged(String key, Endpoint before, Endpoint after) {
    String network = view.applyEndpoint(before, after);
    markDirty(network, before != null ? before.ip() : after.ip());
    if (before != null && after != null && !before.ip().equals(after.ip())) {
      markDirty(network, after.ip());
    }
  }

  /**
   * A registered agent connected: it gets the welcome, the catalog, the service rules, then for every network its
   * host takes part in either a snapshot or, where {@code digests} shows it already holds a table with the current
   * content, one {@code resume} naming them all (after a failover or a coordinator restart the content is usually
   * unchanged: no snapshot storm); then {@code after}. A previous link of the same host is closed.
   */
  public void attach(AgentLink link, Map<String, String> digests, List<ToAgent> after) {
    executor.execute(() -> {
      flush();
      String host = link.hostId();
      AgentLink previous = links.put(host, link);
      if (previous != null && previous != link) {
        previous.close();
      }
      subscribers.values().forEach(s -> s.remove(host));
      send(link, codec.encode(new ToAgent.Welcome(host, heartbeatSeconds, epoch)));
      send(link, codec.encode(catalogMessage()));
      send(link, codec.encode(servicesMessage()));
      List<ToAgent.ResumedTable> resumed = new ArrayList<>();
      List<String> stale = new ArrayList<>();
      for (String network : view.networksOf(host)) {
        NetworkTable table = table(network);
        String digest = table.digest().toString();
        if (digest.equals(digests.get(network))) {
          resumed.add(new ToAgent.ResumedTable(network, table.version(), digest));
        } else {
          stale.add(network);
        }
        subscribers.computeIfAbsent(network, n -> new HashSet<>()).add(host);
      }
      if (!resumed.isEmpty()) {
        send(link, codec.encode(new ToAgent.Resume(epoch, resumed)));
      }
      stale.forEach(network -> send(link, encodedSnapshot(network)));
      counters.tablesAttached(resumed.size(), stale.size());
      after.forEach(message -> send(link, codec.encode(message)));
      connectedListener.accept(host);
    });
  }

  /** Told the host id of every newly attached link, on the distribution thread (the key tables, issue 6). */
  public void onConnected(java.util.function.Consumer<String> listener) {
    this.connectedListener = listener;
  }

  /**
   * Sends one message to {@code host}'s current link, after everything queued before it; dropped when the host has
   * no link here. For per-host messages such as the key table (issue 6).
   */
  public void sendTo(String host, ToAgent message) {
    executor.execute(() -> {
      AgentLink link = links.get(host);
      if (link != null) {
        send(link, codec.encode(message));
      }
    });
  }

  /** The connection closed; a newer link of the same host stays. */
  public void detach(AgentLink link) {
    executor.execute(() -> {
      flush();
      if (links.get(link.hostId()) == link) {
        links.remove(link.hostId());
        subscribers.values().forEach(s -> s.remove(link.hostId()));
      }
    });
  }

  /** Sends the current table of {@code network} to the link (asked after a gap); an error when unknown. */
  public void sendSnapshot(AgentLink link, String network) {
    executor.execute(() -> {
      flush();
      if (!view.exists(network)) {
        send(link, codec.encode(new ToAgent.Error(null, "unknown-network", "network \"" + network + "\" not found")));
        return;
      }
      send(link, encodedSnapshot(network));
      if (links.get(link.hostId()) == link) {
        subscribers.computeIfAbsent(network, n -> new HashSet<>()).add(link.hostId());
      }
    });
  }

  /** The numbers {@code /metrics} shows, read on the distribution thread. */
  public CompletableFuture<Gauges> gauges() {
    return CompletableFuture.supplyAsync(() -> {
      flush();
      Map<String, Long> versions = new TreeMap<>();
      view.networks().forEach(n -> versions.put(n.name(), table(n.name()).version()));
      int up = view.hostsUp();
      return new Gauges(up, view.hostCount() - up, versions.size(), view.endpointCount(), links.size(), versions);
    }, executor);
  }

  /** Completes after everything queued so far has run. */
  public CompletableFuture<Void> barrier() {
    return CompletableFuture.runAsync(this::flush, executor);
  }

  @Override
  public void close() {
    executor.shutdown();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Publishes the network's next table if its content changed, and brings every connected participant along. */
  private void recompute(String network) {
    if (!view.exists(network)) {
      return;
    }
    NetworkTable before = table(network);
    NetworkTable after = before.next(view.peers(network), view.visibleEndpoints(network));
    publish(network, after, NetworkTable.diff(before, after));
  }

  /**
   * As {@link #recompute}, when only blocks and the endpoints at {@code ips} may have changed: the peers are compared
   * in full (O(participants)), the endpoints only at those addresses, and the new table is the old one with the delta
   * applied (one copy), instead of a table rebuilt from every endpoint of the network per change.
   */
  private void recomputeChanged(String network, Set<String> ips) {
    if (!view.exists(network)) {
      return;
    }
    NetworkTable before = table(network);
    Map<String, Peer> peersNow = new HashMap<>();
    view.peers(network).forEach(p -> peersNow.put(p.host(), p));
    List<Peer> peersAdded = new ArrayList<>();
    peersNow.forEach((host, peer) -> {
      if (!peer.equals(before.peers().get(host))) {
        peersAdded.add(peer);
      }
    });
    List<String> peersRemoved = new ArrayList<>();
    before.peers().keySet().forEach(host -> {
      if (!peersNow.containsKey(host)) {
        peersRemoved.add(host);
      }
    });
    List<Endpoint> endpointsAdded = new ArrayList<>();
    List<String> endpointsRemoved = new ArrayList<>();
    for (String ip : ips) {
      Endpoint now = view.visibleEndpoint(network, ip);
      Endpoint held = before.endpoints().get(ip);
      if (now != null && !now.equals(held)) {
        endpointsAdded.add(now);
      } else if (now == null && held != null) {
        endpointsRemoved.add(ip);
      }
    }
    ToAgent.TableDelta delta = new ToAgent.TableDelta(network, before.epoch(), before.version() + 1, peersAdded,
        peersRemoved, endpointsAdded, endpointsRemoved);
    publish(network, NetworkTable.isEmpty(delta) ? before : before.apply(delta), delta);
  }

  private void publish(String network, NetworkTable after, ToAgent.TableDelta delta) {
    Set<String> subscribed = subscribers.computeIfAbsent(network, n -> new HashSet<>());
    if (!NetworkTable.isEmpty(delta)) {
      tables.put(network, after);
      encodedSnapshots.remove(network);
      Outgoing text = new Outgoing(codec.encode(delta));
      for (String host : subscribed) {
        AgentLink link = links.get(host);
        if (link != null) {
          send(link, text);
        }
      }
    }
    // Hosts that just started taking part hold no table of this network yet: they get a snapshot.
    Outgoing snapshot = null;
    for (String host : view.participants(network)) {
      AgentLink link = links.get(host);
      if (link != null && !subscribed.contains(host)) {
        if (snapshot == null) {
          snapshot = encodedSnapshot(network);
        }
        send(link, snapshot);
        subscribed.add(host);
      }
    }
  }

  private void markDirty(String network, String ip) {
    Set<String> ips = dirty.computeIfAbsent(network, n -> new HashSet<>());
    if (ip != null) {
      ips.add(ip);
    }
    if (!flushQueued) {
      flushQueued = true;
      executor.execute(this::flush);
    }
  }

  /** Publishes the tables of the networks changed since the last flush. */
  private void flush() {
    flushQueued = false;
    if (dirty.isEmpty()) {
      return;
    }
    Map<String, Set<String>> changed = new java.util.LinkedHashMap<>(dirty);
    dirty.clear();
    changed.forEach(this::recomputeChanged);
  }

  private Outgoing encodedSnapshot(String network) {
    return encodedSnapshots.computeIfAbsent(network, n -> new Outgoing(codec.encode(table(n).snapshot())));
  }

  private NetworkTable table(String network) {
    return tables.computeIfAbsent(network, n -> NetworkTable.empty(n, epoch));
  }

  private ToAgent.Networks catalogMessage() {
    return new ToAgent.Networks(view.networks());
  }

  private ToAgent.Services servicesMessage() {
    return new ToAgent.Services(List.copyOf(serviceRules));
  }

  private void send(AgentLink link, Outgoing message) {
    try {
      link.send(message);
      counters.messageSent();
    } catch (RuntimeException e) {
      LOG.warn("sending to host {} failed: {}", link.hostId(), e.toString());
    }
  }

  private void send(AgentLink link, String text) {
    try {
      link.send(text);
      counters.messageSent();
    } catch (RuntimeException e) {
      LOG.warn("sending to host {} failed: {}", link.hostId(), e.toString());
    }
  }
}
