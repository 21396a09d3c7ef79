package dev.weft.coordinator.keys;

import dev.weft.common.ipam.TunnelAllocator;
import dev.weft.common.net.Cidr;
import dev.weft.common.net.Ipv4;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Every host's tunnel address (issue 6), as one store entry: one entry, so that an allocation sees every other one
 * atomically and no two hosts ever hold the same address, whichever member allocates. The changes are pure: each
 * store applies them inside its one atomic step on the entry.
 *
 * @param byHost host id to its tunnel address (IPv4, no prefix)
 */
public record TunnelSet(Map<String, String> byHost) implements KeyEntry {
  public static final TunnelSet EMPTY = new TunnelSet(Map.of());

  /**
   * What an allocation decided.
   *
   * @param address the host's address, or null when the pool is full
   * @param next    the set to store; this same set when nothing changed
   */
  public record Allocation(String address, TunnelSet next) {
  }

  public TunnelSet {
    byHost = byHost == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(byHost));
  }

  /** The address of {@code host} in {@code pool} (a CIDR): the one it holds if inside the pool, else the first free. */
  public Allocation allocate(String pool, String host) {
    Cidr cidr = Cidr.parse(pool);
    String held = byHost.get(host);
    if (held != null && cidr.contains(Ipv4.parse(held))) {
      return new Allocation(held, this);
    }
    Optional<Ipv4> next = TunnelAllocator.next(cidr, byHost.values());
    if (next.isEmpty()) {
      return new Allocation(null, this);
    }
    Map<String, String> grown = new HashMap<>(byHost);
    grown.put(host, next.get().toString());
    return new Allocation(next.get().toString(), new TunnelSet(grown));
  }

  /** This set without the addresses of {@code hosts}; this same set when none of them held one. */
  public TunnelSet without(Collection<String> hosts) {
    Map<String, String> left = new HashMap<>(byHost);
    left.keySet().removeAll(hosts);
    return left.size() == byHost.size() ? this : new TunnelSet(left);
  }
}
