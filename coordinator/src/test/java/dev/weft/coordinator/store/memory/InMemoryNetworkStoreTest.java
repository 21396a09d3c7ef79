package dev.weft.coordinator.store.memory;

import dev.weft.coordinator.network.NetworkStore;
import dev.weft.coordinator.network.NetworkStoreContract;

/** The {@link NetworkStoreContract} in memory. */
class InMemoryNetworkStoreTest extends NetworkStoreContract {
  @Override
  protected NetworkStore newStore() {
    return new InMemoryNetworkStore();
  }
}
