package dev.weft.common.ipam;

import dev.weft.common.net.Cidr;
import java.util.Collection;
import java.util.Objects;
import java.util.Optional;

/**
 * Chooses per-host address blocks inside a network's subnet (Calico's block affinity): the agent of a host assigns
 * container addresses from its blocks without asking. Pure: it is given the blocks taken and returns a decision.
 */
public final class BlockAllocator {

  /**
   * The block prefix actually used in {@code subnet}: the requested one, or the subnet's own prefix when the subnet
   * is smaller than a block (a /28 network with /26 blocks has one block, the whole /28).
   *
   * @throws IllegalArgumentException when {@code requestedBlockPrefix} is above 32
   */
  public static int effectivePrefix(Cidr subnet, int requestedBlockPrefix) {
    if (requestedBlockPrefix > 32) {
      throw new IllegalArgumentException("blockPrefix: " + requestedBlockPrefix + " (expected: at most 32)");
    }
    return Math.max(subnet.prefix(), requestedBlockPrefix);
  }

  /**
   * The first block of {@code subnet}, of {@link #effectivePrefix} size, that overlaps nothing in {@code taken}.
   *
   * @param taken blocks of every host in this network; of any size; nulls ignored; not modified
   * @return empty when the subnet has no free block
   */
  public Optional<Cidr> next(Cidr subnet, int blockPrefix, Collection<Cidr> taken) {
    Objects.requireNonNull(subnet, "subnet");
    return Ranges.of(taken).firstFree(subnet, effectivePrefix(subnet, blockPrefix));
  }
}
