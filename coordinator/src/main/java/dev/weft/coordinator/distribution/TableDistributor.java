package dev.weft.coordinator.distribution;

import dev.weft.common.model.Endpoint;
import dev.weft.common.model.HostStatus;
import dev.weft.common.model.Network;
import dev.weft.common.model.Peer;
import dev.weft.common.table.NetworkTable;
import dev.weft.common.wire.ToAgent;
import dev.weft.common.wire.WireCodec;
import dev.weft.coordinator.metrics.Counters;
import dev.weft.coordinator.store.Block;
import dev.weft.coordinator.store.BlockSet;
import dev.weft.coordinator.store.HostRecord;
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
 * <p>Fed by store change events (Hazelcast entry events, so changes made on any member arrive here); all state is
 * confined to one thread, so events, registrations and snapshot requests are handled in one order: a snapshot sent
 * to an agent is always followed by exactly the deltas after it. Per change of a network: the new table, the delta
 * once, the JSON once, sent to the connected hosts of that network only (O(participants), never O(hosts²)).
 *
 * <p>A host takes part in a network when it owns a block or has an endpoint there. Peers are the up hosts that take
 * part; endpoints are those of up hosts.
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
  private final Map<String, Network> networks = new TreeMap<>();
  private final Map<String, HostRecord> hosts = new HashMap<>();
  private final Map<String, Map<String, String>> blockOwners = new HashMap<>();
  private final Map<String, Map<String, Endpoint>> endpoints = new HashMap<>();
  private final Map<String, Map<String, Integer>> participation = new HashMap<>();
  private final Map<String, NetworkTable> tables = new HashMap<>();
  private final Map<String, Set<String>> subscribers = new HashMap<>();
  private final Map<String, AgentLink> links = new HashMap<>();

  /**
   * @param epoch            this process's table epoch: random per start, since versions live in memory only
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

  /** Loads the stored state at start, before any event; completes when done. Versions start at 1. */
  public CompletableFuture<Void> seed(NetworkCatalog catalog, Collection<HostRecord> storedHosts,
                                      Map<String, BlockSet> storedBlocks, Collection<Endpoint> storedEndpoints) {
    return CompletableFuture.runAsync(() -> {
      catalog.networks().forEach(n -> networks.put(n.name(), n));
      storedHosts.forEach(h -> hosts.put(h.id(), h));
      storedBlocks.forEach((network, set) -> set.blocks().forEach(b -> addBlock(network, b)));
      storedEndpoints.forEach(this::addEndpoint);
      networks.keySet().forEach(this::recompute);
    }, executor);
  }

  /** The catalog changed: tables of new networks start, those of deleted ones go; every agent gets the catalog. */
  public void catalogChanged(String key, NetworkCatalog before, NetworkCatalog after) {
    NetworkCatalog now = after == null ? NetworkCatalog.EMPTY : after;
    Set<String> names = new HashSet<>();
    for (Network n : now.networks()) {
      names.add(n.name());
      networks.put(n.name(), n);
    }
    for (String gone : new ArrayList<>(networks.keySet())) {
      if (!names.contains(gone)) {
        networks.remove(gone);
        tables.remove(gone);
        blockOwners.remove(gone);
        endpoints.remove(gone);
        participation.remove(gone);
        subscribers.remove(gone);
      }
    }
    String text = codec.encode(catalogMessage());
    links.values().forEach(link -> send(link, text));
    names.forEach(this::recompute);
  }

  /** A host record changed (registered, updated, up or down). */
  public void hostChanged(String id, HostRecord before, HostRecord after) {
    if (after == null) {
      hosts.remove(id);
    } else {
      hosts.put(id, after);
    }
    boolean wasPeer = before != null && before.status() == HostStatus.UP;
    boolean isPeer = after != null && after.status() == HostStatus.UP;
    String beforeAddress = before == null ? null : before.report().underlayAddress();
    String afterAddress = after == null ? null : after.report().underlayAddress();
    if (wasPeer != isPeer || (isPeer && !afterAddress.equals(beforeAddress))) {
      for (Map.Entry<String, Map<String, Integer>> e : participation.entrySet()) {
        if (e.getValue().containsKey(id)) {
          recompute(e.getKey());
        }
      }
    }
  }

  /** The blocks of a network changed. */
  public void blocksChanged(String network, BlockSet before, BlockSet after) {
    if (before != null) {
      before.blocks().forEach(b -> removeBlock(network, b));
    }
    if (after != null && networks.containsKey(network)) {
      after.blocks().forEach(b -> addBlock(network, b));
    }
    recompute(network);
  }

  /** An endpoint was added, replaced or removed. */
  public void endpointChanged(String key, Endpoint before, Endpoint after) {
    if (before != null) {
      removeEndpoint(before);
    }
    if (after != null && networks.containsKey(after.network())) {
      addEndpoint(after);
    }
    String network = after != null ? after.network() : before.network();
    recompute(network);
  }

  /**
   * A registered agent connected: it gets the welcome, the catalog, then a snapshot of every network its host takes
   * part in, except where {@code versions} shows it already holds the current table of this epoch; then
   * {@code after}. A previous link of the same host is closed.
   */
  public void attach(AgentLink link, String agentEpoch, Map<String, Long> versions, List<ToAgent> after) {
    executor.execute(() -> {
      AgentLink previous = links.put(link.hostId(), link);
      if (previous != null && previous != link) {
        previous.close();
      }
      subscribers.values().forEach(s -> s.remove(link.hostId()));
      send(link, codec.encode(new ToAgent.Welcome(link.hostId(), heartbeatSeconds, epoch)));
      send(link, codec.encode(catalogMessage()));
      for (Map.Entry<String, Map<String, Integer>> e : participation.entrySet()) {
        if (e.getValue().containsKey(link.hostId())) {
          String network = e.getKey();
          NetworkTable table = table(network);
          Long held = versions.get(network);
          boolean current = epoch.equals(agentEpoch) && held != null && held == table.version();
          if (!current) {
            send(link, codec.encode(table.snapshot()));
          }
          subscribers.computeIfAbsent(network, n -> new HashSet<>()).add(link.hostId());
        }
      }
      after.forEach(message -> send(link, codec.encode(message)));
    });
  }

  /** The connection closed; a newer link of the same host stays. */
  public void detach(AgentLink link) {
    executor.execute(() -> {
      if (links.get(link.hostId()) == link) {
        links.remove(link.hostId());
        subscribers.values().forEach(s -> s.remove(link.hostId()));
      }
    });
  }

  /** Sends the current table of {@code network} to the link (asked after a gap); an error when unknown. */
  public void sendSnapshot(AgentLink link, String network) {
    executor.execute(() -> {
      if (!networks.containsKey(network)) {
        send(link, codec.encode(new ToAgent.Error(null, "unknown-network", "network \"" + network + "\" not found")));
        return;
      }
      send(link, codec.encode(table(network).snapshot()));
      if (links.get(link.hostId()) == link) {
        subscribers.computeIfAbsent(network, n -> new HashSet<>()).add(link.hostId());
      }
    });
  }

  /** The numbers {@code /metrics} shows, read on the distribution thread. */
  public CompletableFuture<Gauges> gauges() {
    return CompletableFuture.supplyAsync(() -> {
      int up = (int) hosts.values().stream().filter(h -> h.status() == HostStatus.UP).count();
      Map<String, Long> versions = new TreeMap<>();
      tables.forEach((n, t) -> versions.put(n, t.version()));
      int endpointCount = endpoints.values().stream().mapToInt(Map::size).sum();
      return new Gauges(up, hosts.size() - up, networks.size(), endpointCount, links.size(), versions);
    }, executor);
  }

  /** Completes after everything queued so far has run. */
  public CompletableFuture<Void> barrier() {
    return CompletableFuture.runAsync(() -> { }, executor);
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

  private void recompute(String network) {
    if (!networks.containsKey(network)) {
      return;
    }
    NetworkTable before = table(network);
    List<Peer> peers = new ArrayList<>();
    for (String host : participation.getOrDefault(network, Map.of()).keySet()) {
      HostRecord record = hosts.get(host);
      if (record != null && record.status() == HostStatus.UP) {
        peers.add(new Peer(host, record.report().underlayAddress()));
      }
    }
    List<Endpoint> visible = new ArrayList<>();
    for (Endpoint e : endpoints.getOrDefault(network, Map.of()).values()) {
      HostRecord record = hosts.get(e.host());
      if (record != null && record.status() == HostStatus.UP) {
        visible.add(e);
      }
    }
    NetworkTable after = before.next(peers, visible);
    ToAgent.TableDelta delta = NetworkTable.diff(before, after);
    boolean changed = !NetworkTable.isEmpty(delta);
    if (changed) {
      tables.put(network, after);
    }
    Set<String> subscribed = subscribers.computeIfAbsent(network, n -> new HashSet<>());
    String deltaText = changed ? codec.encode(delta) : null;
    if (changed) {
      for (String host : subscribed) {
        AgentLink link = links.get(host);
        if (link != null) {
          send(link, deltaText);
        }
      }
    }
    // Hosts that just started taking part hold no table of this network yet: they get a snapshot.
    String snapshotText = null;
    for (String host : participation.getOrDefault(network, Map.of()).keySet()) {
      AgentLink link = links.get(host);
      if (link != null && !subscribed.contains(host)) {
        if (snapshotText == null) {
          snapshotText = codec.encode(table(network).snapshot());
        }
        send(link, snapshotText);
        subscribed.add(host);
      }
    }
  }

  private NetworkTable table(String network) {
    return tables.computeIfAbsent(network, n -> NetworkTable.empty(n, epoch));
  }

  private ToAgent.Networks catalogMessage() {
    return new ToAgent.Networks(List.copyOf(networks.values()));
  }

  private void addBlock(String network, Block block) {
    String previous = blockOwners.computeIfAbsent(network, n -> new HashMap<>()).put(block.cidr(), block.owner());
    if (previous != null) {
      leave(network, previous);
    }
    join(network, block.owner());
  }

  private void removeBlock(String network, Block block) {
    Map<String, String> owners = blockOwners.get(network);
    if (owners != null && owners.remove(block.cidr(), block.owner())) {
      leave(network, block.owner());
    }
  }

  private void addEndpoint(Endpoint endpoint) {
    Endpoint replaced = endpoints.computeIfAbsent(endpoint.network(), n -> new HashMap<>())
        .put(endpoint.ip(), endpoint);
    if (replaced != null) {
      leave(endpoint.network(), replaced.host());
    }
    join(endpoint.network(), endpoint.host());
  }

  private void removeEndpoint(Endpoint endpoint) {
    // Only the entry the event saw: a network deleted and made again may hold a new endpoint at the same address.
    Map<String, Endpoint> byIp = endpoints.get(endpoint.network());
    if (byIp != null && byIp.remove(endpoint.ip(), endpoint)) {
      leave(endpoint.network(), endpoint.host());
    }
  }

  private void join(String network, String host) {
    participation.computeIfAbsent(network, n -> new HashMap<>()).merge(host, 1, Integer::sum);
  }

  private void leave(String network, String host) {
    Map<String, Integer> hostsOf = participation.get(network);
    if (hostsOf != null) {
      hostsOf.computeIfPresent(host, (h, count) -> count <= 1 ? null : count - 1);
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
