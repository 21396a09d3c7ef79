package dev.weft.common.ipam;

import dev.weft.common.net.Cidr;
import dev.weft.common.net.Ipv4;
import java.util.Collection;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Host tunnel addresses for encrypted transport (issue 6): the lowest free host address of the tunnel pool, never its
 * network or broadcast address. Pure: the caller holds the taken set atomically (one store entry).
 */
public final class TunnelAllocator {
  private TunnelAllocator() {
  }

  /**
   * @param pool  the tunnel pool, a prefix of at most /30
   * @param taken addresses held by hosts; never null
   * @return the first free address, or empty when the pool is full
   */
  public static Optional<Ipv4> next(Cidr pool, Collection<String> taken) {
    if (pool.prefix() > 30) {
      throw new IllegalArgumentException("pool: " + pool + " (expected: a prefix of at most /30)");
    }
    Set<Long> used = new HashSet<>();
    taken.forEach(t -> used.add(Ipv4.parse(t).toLong()));
    for (long i = 1; i < pool.size() - 1; i++) {
      Ipv4 candidate = pool.address(i);
      if (!used.contains(candidate.toLong())) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }
}
