package dev.weft.coordinator.distribution;

import dev.weft.common.model.Endpoint;
import dev.weft.common.model.HostStatus;
import dev.weft.common.model.Network;
import dev.weft.common.model.Peer;
import dev.weft.coordinator.block.Block;
import dev.weft.coordinator.block.BlockSet;
import dev.weft.coordinator.host.HostRecord;
import dev.weft.coordinator.network.NetworkCatalog;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What distribution knows of the stored state, kept current from store change events: networks, hosts, block
 * owners, endpoints, and which hosts take part in which network (a count of their blocks and endpoints there).
 * Not thread-safe: confined to the distribution thread.
 */
final class NetworkView {
  private final Map<String, Network> networks = new TreeMap<>();
  private final Map<String, HostRecord> hosts = new HashMap<>();
  private final Map<String, Map<String, String>> blockOwners = new HashMap<>();
  private final Map<String, Map<String, Endpoint>> endpoints = new HashMap<>();
  private final Map<String, Map<String, Integer>> participation = new HashMap<>();

  /** Takes the new catalog; answers the names of networks that are gone (their state is dropped). */
  Set<String> applyCatalog(NetworkCatalog catalog) {
    Set<String> names = new HashSet<>();
    for (Network n : catalog.networks()) {
      names.add(n.name());
      networks.put(n.name(), n);
    }
    Set<String> gone = new HashSet<>(networks.keySet());
    gone.removeAll(names);
    for (String name : gone) {
      networks.remove(name);
      blockOwners.remove(name);
      endpoints.remove(name);
      participation.remove(name);
    }
    return gone;
  }

  /** Takes a host change; answers the networks whose peers or endpoints it changes (empty when none). */
  List<String> applyHost(String id, HostRecord before, HostRecord after) {
    if (after == null) {
      hosts.remove(id);
    } else {
      hosts.put(id, after);
    }
    boolean wasPeer = before != null && before.status() == HostStatus.UP;
    boolean isPeer = after != null && after.status() == HostStatus.UP;
    boolean moved = isPeer && wasPeer
        && !after.report().underlayAddress().equals(before.report().underlayAddress());
    return wasPeer != isPeer || moved ? networksOf(id) : List.of();
  }

  void applyBlocks(String network, BlockSet before, BlockSet after) {
    if (before != null) {
      before.blocks().forEach(b -> removeBlock(network, b));
    }
    if (after != null && networks.containsKey(network)) {
      after.blocks().forEach(b -> addBlock(network, b));
    }
  }

  /** Takes an endpoint change; answers its network. */
  String applyEndpoint(Endpoint before, Endpoint after) {
    if (before != null) {
      removeEndpoint(before);
    }
    if (after != null && networks.containsKey(after.network())) {
      addEndpoint(after);
    }
    return after != null ? after.network() : before.network();
  }

  boolean exists(String network) {
    return networks.containsKey(network);
  }

  /** Every network, by name. */
  List<Network> networks() {
    return List.copyOf(networks.values());
  }

  /** Hosts that own a block or have an endpoint in the network, up or not. */
  Set<String> participants(String network) {
    return participation.getOrDefault(network, Map.of()).keySet();
  }

  /** The networks the host takes part in. */
  List<String> networksOf(String host) {
    List<String> found = new ArrayList<>();
    participation.forEach((network, hostsOf) -> {
      if (hostsOf.containsKey(host)) {
        found.add(network);
      }
    });
    return found;
  }

  /** The up hosts that take part, with their underlay address. */
  List<Peer> peers(String network) {
    List<Peer> peers = new ArrayList<>();
    for (String host : participants(network)) {
      HostRecord record = hosts.get(host);
      if (record != null && record.status() == HostStatus.UP) {
        peers.add(new Peer(host, record.report().underlayAddress()));
      }
    }
    return peers;
  }

  /** The endpoints of up hosts. */
  List<Endpoint> visibleEndpoints(String network) {
    List<Endpoint> visible = new ArrayList<>();
    for (Endpoint e : endpoints.getOrDefault(network, Map.of()).values()) {
      HostRecord record = hosts.get(e.host());
      if (record != null && record.status() == HostStatus.UP) {
        visible.add(e);
      }
    }
    return visible;
  }

  /** The endpoint at {@code ip} when its host is up; null otherwise. */
  Endpoint visibleEndpoint(String network, String ip) {
    Endpoint e = endpoints.getOrDefault(network, Map.of()).get(ip);
    if (e == null) {
      return null;
    }
    HostRecord record = hosts.get(e.host());
    return record != null && record.status() == HostStatus.UP ? e : null;
  }

  int hostsUp() {
    return (int) hosts.values().stream().filter(h -> h.status() == HostStatus.UP).count();
  }

  int hostCount() {
    return hosts.size();
  }

  int endpointCount() {
    return endpoints.values().stream().mapToInt(Map::size).sum();
  }

  void seed(NetworkCatalog catalog, Collection<HostRecord> storedHosts, Map<String, BlockSet> storedBlocks,
            Collection<Endpoint> storedEndpoints) {
    applyCatalog(catalog);
    storedHosts.forEach(h -> hosts.put(h.id(), h));
    storedBlocks.forEach((network, set) -> applyBlocks(network, null, set));
    storedEndpoints.forEach(e -> applyEndpoint(null, e));
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
}
