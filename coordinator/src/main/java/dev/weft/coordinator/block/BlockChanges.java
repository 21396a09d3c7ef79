package dev.weft.coordinator.block;

import dev.weft.common.ipam.BlockPlanner;
import dev.weft.common.net.Cidr;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The two changes of one network's {@link BlockSet}, as pure functions of the set before: what every store applies
 * inside its atomic step (a Hazelcast entry processor, an in-memory lock), so that both decide alike.
 */
public final class BlockChanges {
  /** A grant's outcome and the set after it ({@code after} is {@code before} when nothing was allocated). */
  public record Granted(BlockGrantOutcome outcome, BlockSet after) {
  }

  /** The released blocks and the set after ({@code after} is null when no block is left, as an absent entry). */
  public record Released(List<String> removed, BlockSet after) {
  }

  private BlockChanges() {
  }

  /** {@link BlockPlanner#grant} on {@code before} (null for none); a new block is stamped {@code now}. */
  public static Granted grant(BlockSet before, String subnet, int blockPrefix, String host, Collection<String> full,
                              String now) {
    BlockSet set = before == null ? BlockSet.EMPTY : before;
    Map<String, String> ownerByCidr = new LinkedHashMap<>();
    set.blocks().forEach(b -> ownerByCidr.put(b.cidr(), b.owner()));
    BlockPlanner.Grant grant = BlockPlanner.grant(Cidr.parse(subnet), blockPrefix, ownerByCidr, host,
        List.copyOf(full));
    BlockSet after = set;
    if (grant.allocated()) {
      List<Block> blocks = new ArrayList<>(set.blocks());
      blocks.add(new Block(grant.block(), host, now));
      after = new BlockSet(blocks);
    }
    return new Granted(new BlockGrantOutcome(grant.block(), grant.owned(), grant.allocated()), after);
  }

  /** Removes from {@code before} (null for none) those of {@code cidrs} that {@code host} owns; others' stay. */
  public static Released release(BlockSet before, String host, Collection<String> cidrs) {
    if (before == null) {
      return new Released(new ArrayList<>(), null);
    }
    List<Block> kept = new ArrayList<>();
    ArrayList<String> removed = new ArrayList<>();
    for (Block block : before.blocks()) {
      if (block.owner().equals(host) && cidrs.contains(block.cidr())) {
        removed.add(block.cidr());
      } else {
        kept.add(block);
      }
    }
    BlockSet after = removed.isEmpty() ? before : kept.isEmpty() ? null : new BlockSet(kept);
    return new Released(removed, after);
  }
}
