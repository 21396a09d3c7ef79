package dev.weft.coordinator.store.memory;

import dev.weft.coordinator.block.BlockStore;
import dev.weft.coordinator.block.BlockStoreContract;

/** The {@link BlockStoreContract} in memory. */
class InMemoryBlockStoreTest extends BlockStoreContract {
  @Override
  protected BlockStore newStore() {
    return new InMemoryBlockStore();
  }
}
