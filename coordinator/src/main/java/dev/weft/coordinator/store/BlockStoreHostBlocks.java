package dev.weft.coordinator.store;

import dev.weft.coordinator.block.Block;
import dev.weft.coordinator.block.BlockStore;
import dev.weft.coordinator.host.HostBlocks;
import java.util.List;

/** {@link HostBlocks} over the block store: a deleted host's blocks released, each only by its owner. */
public final class BlockStoreHostBlocks implements HostBlocks {
  private final BlockStore blocks;

  public BlockStoreHostBlocks(BlockStore blocks) {
    this.blocks = blocks;
  }

  @Override
  public void releaseAll(String hostId) {
    blocks.all().forEach((network, set) -> {
      List<String> owned = set.ownedBy(hostId).stream().map(Block::cidr).toList();
      if (!owned.isEmpty()) {
        blocks.release(network, hostId, owned);
      }
    });
  }
}
