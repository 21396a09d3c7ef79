package dev.weft.agent.ipam;

import dev.weft.agent.state.StateStore;
import dev.weft.common.ipam.AddressAllocator;
import dev.weft.common.model.Endpoint;
import dev.weft.common.net.Cidr;
import dev.weft.common.net.Ipv4;
import dev.weft.common.net.Macs;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * This host's address blocks and the endpoints it made from them, per network (Calico's block affinity): addresses
 * are given locally, without a round trip, and every change is written to the state directory before it is used, so
 * that a restarted agent gives a running container the address it had. Thread-safe; persistence is blocking.
 */
public final class LocalIpam {
  public static final String FILE = IpamFile.NAME;

  private final StateStore store;
  private final String hostId;
  private final AddressAllocator allocator = new AddressAllocator();
  /** network → blocks, in the order they were granted. */
  private final Map<String, List<Cidr>> blocks = new TreeMap<>();
  /** network → container id → endpoint. */
  private final Map<String, Map<String, Endpoint>> endpoints = new TreeMap<>();
  /**
   * network → addresses given to Docker's IPAM calls (issue 14) that are not, or no longer, an endpoint: Docker asks
   * for an address before it makes the endpoint and gives it back after it removed it.
   */
  private final Map<String, Set<Ipv4>> held = new TreeMap<>();
  private volatile List<Endpoint> published = List.of();

  public LocalIpam(StateStore store, String hostId) {
    this.store = store;
    this.hostId = hostId;
    IpamFile.load(store, hostId, blocks, endpoints, held);
    published = collect();
  }

  /** The endpoint of {@code container} in {@code network}, if it has one. */
  public synchronized Optional<Endpoint> endpoint(String network, String container) {
    return Optional.ofNullable(endpoints.getOrDefault(network, Map.of()).get(container));
  }

  /**
   * The endpoint of {@code container} in {@code network}: the one it has, or a new one with the lowest free address
   * of this host's blocks (persisted before it is returned).
   *
   * @param subnet  the network's subnet
   * @param service the Swarm service of the container, or null
   * @return empty when every block is full or there is none: ask the coordinator for one, naming {@link #fullBlocks}
   */
  public synchronized Optional<Endpoint> assign(String network, String subnet, String container, String service) {
    Optional<Endpoint> existing = endpoint(network, container);
    if (existing.isPresent()) {
      return existing;
    }
    Optional<Ipv4> ip = nextFree(network, Cidr.parse(subnet));
    ip.ifPresent(a -> {
      Endpoint e = new Endpoint(network, hostId, a.toString(), Macs.forIp(a), container, service);
      endpoints.computeIfAbsent(network, n -> new LinkedHashMap<>()).put(container, e);
      save();
    });
    return ip.map(a -> endpoints.get(network).get(container));
  }

  /** The lowest free address of this host's blocks of {@code network}, or empty when they are full. */
  private Optional<Ipv4> nextFree(String network, Cidr net) {
    Set<Ipv4> used = used(network);
    for (Cidr block : blocks.getOrDefault(network, List.of())) {
      if (!net.contains(block)) {
        continue; // a block of an older network with the same name; never give from it
      }
      Optional<Ipv4> ip = allocator.next(block, net, used);
      if (ip.isPresent()) {
        return ip;
      }
    }
    return Optional.empty();
  }

  /**
   * Holds an address of this host's blocks for Docker's IPAM driver (issue 14), before Docker makes the endpoint that
   * will use it ({@link #bind}). Persisted before it is returned.
   *
   * @param wanted the address Docker asks for ({@code --ip}), or null for the lowest free one
   * @return the address held; empty when {@code wanted} is null and every block is full (ask for a block)
   * @throws IllegalStateException naming the address and why when {@code wanted} cannot be given: in use, or not in
   *                               any block of this host
   */
  public synchronized Optional<Ipv4> hold(String network, String subnet, Ipv4 wanted) {
    Cidr net = Cidr.parse(subnet);
    if (wanted != null) {
      if (used(network).contains(wanted)) {
        throw new IllegalStateException("address " + wanted + " is in use in network " + network);
      }
      List<Cidr> mine = blocks.getOrDefault(network, List.of()).stream().filter(net::contains).toList();
      if (mine.stream().noneMatch(b -> b.contains(wanted))) {
        throw new IllegalStateException("address " + wanted + " is not in this host's blocks of network " + network
            + " " + mine.stream().map(Cidr::toString).toList() + " (each host gives addresses from its own blocks)");
      }
      if (!AddressAllocator.usable(wanted, net)) {
        throw new IllegalStateException("address " + wanted + " is the network or broadcast address of " + subnet);
      }
    }
    Optional<Ipv4> ip = wanted != null ? Optional.of(wanted) : nextFree(network, net);
    ip.ifPresent(a -> {
      held.computeIfAbsent(network, n -> new TreeSet<>()).add(a);
      save();
    });
    return ip;
  }

  /**
   * Makes the held address {@code ip} the endpoint of {@code owner} (a Docker endpoint id); the same endpoint again
   * when it already is (Docker may repeat a request).
   *
   * @throws IllegalStateException when {@code ip} is neither held nor already that owner's endpoint
   */
  public synchronized Endpoint bind(String network, Ipv4 ip, String owner) {
    Optional<Endpoint> existing = endpoint(network, owner);
    if (existing.isPresent() && existing.get().ip().equals(ip.toString())) {
      return existing.get();
    }
    Set<Ipv4> mine = held.get(network);
    if (mine == null || !mine.contains(ip)) {
      throw new IllegalStateException("address " + ip + " of network " + network + " was not given by Weft's IPAM "
          + "driver on this host (expected: --ipam-driver weft)");
    }
    mine.remove(ip);
    if (mine.isEmpty()) {
      held.remove(network);
    }
    Endpoint e = new Endpoint(network, hostId, ip.toString(), Macs.forIp(ip), owner, null);
    endpoints.computeIfAbsent(network, n -> new LinkedHashMap<>()).put(owner, e);
    save();
    return e;
  }

  /**
   * The endpoint of {@code owner} goes, its address stays held (Docker gives it back with {@link #unhold} after it
   * removed the endpoint). Returns the endpoint, or empty when there was none.
   */
  public synchronized Optional<Endpoint> unbind(String network, String owner) {
    Map<String, Endpoint> byContainer = endpoints.get(network);
    Endpoint e = byContainer == null ? null : byContainer.remove(owner);
    if (e == null) {
      return Optional.empty();
    }
    if (byContainer.isEmpty()) {
      endpoints.remove(network);
    }
    held.computeIfAbsent(network, n -> new TreeSet<>()).add(Ipv4.parse(e.ip()));
    save();
    return Optional.of(e);
  }

  /** Gives back a held address; false when it was not held (a repeat, or never given). */
  public synchronized boolean unhold(String network, Ipv4 ip) {
    Set<Ipv4> mine = held.get(network);
    if (mine == null || !mine.remove(ip)) {
      return false;
    }
    if (mine.isEmpty()) {
      held.remove(network);
    }
    save();
    return true;
  }

  /** The addresses of {@code network} held for Docker and not bound to an endpoint. */
  public synchronized Set<Ipv4> held(String network) {
    return Set.copyOf(held.getOrDefault(network, Set.of()));
  }

  /** Blocks of {@code network} with no free address left (for a block request). */
  public synchronized List<String> fullBlocks(String network, String subnet) {
    Cidr net = Cidr.parse(subnet);
    Set<Ipv4> used = used(network);
    List<String> full = new ArrayList<>();
    for (Cidr block : blocks.getOrDefault(network, List.of())) {
      if (!net.contains(block) || allocator.next(block, net, used).isEmpty()) {
        full.add(block.toString());
      }
    }
    return full;
  }

  /**
   * Records the blocks the coordinator says this host owns in {@code network} (a block grant's {@code owned}); the
   * coordinator is the authority. Endpoints in a block it no longer lists are released (the coordinator refuses them
   * and another host may hold that block now): their containers get new addresses on the next reconcile.
   *
   * @return the endpoints released
   */
  public synchronized List<Endpoint> grant(String network, List<String> owned) {
    List<Cidr> next = new ArrayList<>();
    for (String b : owned) {
      Cidr c = Cidr.parse(b);
      if (!next.contains(c)) {
        next.add(c);
      }
    }
    List<Endpoint> released = new ArrayList<>();
    Map<String, Endpoint> byContainer = endpoints.get(network);
    if (byContainer != null) {
      byContainer.values().removeIf(e -> {
        Ipv4 ip = Ipv4.parse(e.ip());
        if (next.stream().noneMatch(b -> b.contains(ip))) {
          released.add(e);
          return true;
        }
        return false;
      });
      if (byContainer.isEmpty()) {
        endpoints.remove(network);
      }
    }
    Set<Ipv4> heldHere = held.get(network);
    boolean heldDropped = heldHere != null && heldHere.removeIf(ip -> next.stream().noneMatch(b -> b.contains(ip)));
    if (heldHere != null && heldHere.isEmpty()) {
      held.remove(network);
    }
    if (!next.equals(blocks.get(network)) || !released.isEmpty() || heldDropped) {
      blocks.put(network, next);
      save();
    }
    return released;
  }

  /** Forgets the blocks of {@code network} that hold none of this host's endpoints. */
  public synchronized void dropUnusedBlocks(String network) {
    List<Cidr> owned = blocks.get(network);
    if (owned == null) {
      return;
    }
    Set<Ipv4> used = used(network);
    List<Cidr> kept = owned.stream().filter(b -> used.stream().anyMatch(b::contains)).toList();
    if (kept.size() != owned.size()) {
      if (kept.isEmpty()) {
        blocks.remove(network);
      } else {
        blocks.put(network, new ArrayList<>(kept));
      }
      save();
    }
  }

  /** Removes the endpoint of {@code container} in {@code network}; returns it, or empty when there was none. */
  public synchronized Optional<Endpoint> release(String network, String container) {
    Map<String, Endpoint> byContainer = endpoints.get(network);
    Endpoint e = byContainer == null ? null : byContainer.remove(container);
    if (e == null) {
      return Optional.empty();
    }
    if (byContainer.isEmpty()) {
      endpoints.remove(network);
    }
    save();
    return Optional.of(e);
  }

  /** Forgets a network entirely (it was deleted): its blocks and endpoints. Returns the endpoints it had. */
  public synchronized List<Endpoint> forget(String network) {
    List<Endpoint> gone = new ArrayList<>(endpoints.getOrDefault(network, Map.of()).values());
    boolean changed = endpoints.remove(network) != null;
    changed |= blocks.remove(network) != null;
    changed |= held.remove(network) != null;
    if (changed) {
      save();
    }
    return gone;
  }

  /**
   * Every endpoint this host holds, by network then in order of assignment. Lock-free (a copy made at each change),
   * so the control client's event loop may call it while a change is being written to disk.
   */
  public List<Endpoint> endpoints() {
    return published;
  }

  private List<Endpoint> collect() {
    List<Endpoint> all = new ArrayList<>();
    endpoints.values().forEach(m -> all.addAll(m.values()));
    return List.copyOf(all);
  }

  /** Networks with blocks or endpoints here. */
  public synchronized Set<String> networks() {
    Set<String> out = new TreeSet<>(blocks.keySet());
    out.addAll(endpoints.keySet());
    out.addAll(held.keySet());
    return out;
  }

  public synchronized List<String> blocks(String network) {
    return blocks.getOrDefault(network, List.of()).stream().map(Cidr::toString).toList();
  }

  private Set<Ipv4> used(String network) {
    Set<Ipv4> used = new HashSet<>();
    for (Endpoint e : endpoints.getOrDefault(network, Map.of()).values()) {
      used.add(Ipv4.parse(e.ip()));
    }
    used.addAll(held.getOrDefault(network, Set.of()));
    return used;
  }

  private void save() {
    published = collect();
    IpamFile.write(store, hostId, blocks, published, held);
  }

  @Override
  public synchronized String toString() {
    return "LocalIpam" + Objects.toString(blocks);
  }
}
