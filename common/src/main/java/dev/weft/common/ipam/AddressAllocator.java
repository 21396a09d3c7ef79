package dev.weft.common.ipam;

import dev.weft.common.net.Cidr;
import dev.weft.common.net.Ipv4;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Chooses container addresses inside a host's block. The subnet's network and broadcast addresses are never given
 * (for subnets of /30 and larger; a /31 or /32 has none, RFC 3021). No gateway is reserved: an overlay has no
 * router, and containers keep their default route on their Docker networks.
 */
public final class AddressAllocator {

  /**
   * The lowest address of {@code block} that is not in {@code used} and not the network or broadcast address of
   * {@code subnet}.
   *
   * @param block  a block of this host, inside {@code subnet}
   * @param subnet the network's subnet
   * @param used   addresses in use (in this block or anywhere); not modified
   * @return empty when the block is full
   * @throws IllegalArgumentException when {@code block} is not inside {@code subnet}
   */
  public Optional<Ipv4> next(Cidr block, Cidr subnet, Set<Ipv4> used) {
    requireInside(block, subnet);
    for (long i = 0; i < block.size(); i++) {
      Ipv4 candidate = block.address(i);
      if (usable(candidate, subnet) && !used.contains(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /**
   * How many addresses of {@code block} can ever be given: its size less the subnet's network and broadcast
   * addresses when they fall inside it.
   *
   * @throws IllegalArgumentException when {@code block} is not inside {@code subnet}
   */
  public long capacity(Cidr block, Cidr subnet) {
    requireInside(block, subnet);
    long reserved = 0;
    if (subnet.prefix() <= 30) {
      reserved += block.contains(subnet.network()) ? 1 : 0;
      reserved += block.contains(subnet.broadcast()) ? 1 : 0;
    }
    return block.size() - reserved;
  }

  /** Whether {@code address} may be given to a container in {@code subnet}: inside it, not network or broadcast. */
  public static boolean usable(Ipv4 address, Cidr subnet) {
    if (!subnet.contains(address)) {
      return false;
    }
    if (subnet.prefix() > 30) {
      return true;
    }
    return !address.equals(subnet.network()) && !address.equals(subnet.broadcast());
  }

  private static void requireInside(Cidr block, Cidr subnet) {
    Objects.requireNonNull(block, "block");
    Objects.requireNonNull(subnet, "subnet");
    if (!subnet.contains(block)) {
      throw new IllegalArgumentException("block: " + block + " (expected: a block inside " + subnet + ")");
    }
  }
}
