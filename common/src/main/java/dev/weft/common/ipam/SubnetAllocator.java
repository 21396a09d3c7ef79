package dev.weft.common.ipam;

import dev.weft.common.net.Cidr;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Chooses network subnets from configured pools. Pure: it is given what is taken and returns a decision; making
 * the choice stick (atomically) is the caller's job.
 */
public final class SubnetAllocator {
  private final List<Cidr> pools;
  private final int defaultPrefix;

  /**
   * @param pools         where subnets are carved from, tried in this order; not empty, no nulls
   * @param defaultPrefix prefix length of the subnets {@link #next} returns; at least every pool's prefix, at most 32
   * @throws IllegalArgumentException when the pools are empty or a pool is smaller than {@code defaultPrefix}
   */
  public SubnetAllocator(List<Cidr> pools, int defaultPrefix) {
    Objects.requireNonNull(pools, "pools");
    if (pools.isEmpty()) {
      throw new IllegalArgumentException("pools: [] (expected: at least one CIDR)");
    }
    if (defaultPrefix < 0 || defaultPrefix > 32) {
      throw new IllegalArgumentException("defaultPrefix: " + defaultPrefix + " (expected: 0..32)");
    }
    for (Cidr pool : pools) {
      Objects.requireNonNull(pool, "pool");
      if (pool.prefix() > defaultPrefix) {
        throw new IllegalArgumentException("pool: " + pool + " (expected: a pool of /" + defaultPrefix
            + " or larger, to hold subnets of /" + defaultPrefix + ")");
      }
    }
    this.pools = List.copyOf(pools);
    this.defaultPrefix = defaultPrefix;
  }

  /** The pools, in the order they are tried. */
  public List<Cidr> pools() {
    return pools;
  }

  /** The prefix length of the subnets {@link #next} returns. */
  public int defaultPrefix() {
    return defaultPrefix;
  }

  /**
   * The first subnet of {@link #defaultPrefix()}, aligned to its size, in the first pool that has one, that
   * overlaps nothing in {@code taken}. Taken subnets may be of any size and inside or outside the pools.
   *
   * @param taken subnets in use; nulls are ignored; not modified
   * @return empty when every pool is full
   */
  public Optional<Cidr> next(Collection<Cidr> taken) {
    Ranges ranges = Ranges.of(taken);
    for (Cidr pool : pools) {
      Optional<Cidr> found = ranges.firstFree(pool, defaultPrefix);
      if (found.isPresent()) {
        return found;
      }
    }
    return Optional.empty();
  }

  /**
   * The name of a network whose subnet overlaps {@code wanted}; when several do, the alphabetically first name, so
   * that the answer is stable.
   *
   * @param takenByName network name to its subnet; null subnets are ignored; not modified
   * @return empty when {@code wanted} overlaps none
   */
  public static Optional<String> conflict(Cidr wanted, Map<String, Cidr> takenByName) {
    Objects.requireNonNull(wanted, "wanted");
    return new TreeMap<>(takenByName).entrySet().stream()
        .filter(e -> e.getValue() != null && e.getValue().overlaps(wanted))
        .map(Map.Entry::getKey)
        .findFirst();
  }

  /** Whether {@code subnet} lies inside one of the pools. */
  public boolean inPools(Cidr subnet) {
    return pools.stream().anyMatch(p -> p.contains(subnet));
  }
}
