package dev.weft.coordinator.block;

import java.util.List;

/** Every block of one network, stored under the network's name so that one entry processor allocates atomically. */
public record BlockSet(List<Block> blocks) {
  public static final BlockSet EMPTY = new BlockSet(List.of());

  public BlockSet {
    blocks = blocks == null ? List.of() : List.copyOf(blocks);
  }

  public List<Block> ownedBy(String host) {
    return blocks.stream().filter(b -> b.owner().equals(host)).toList();
  }
}
