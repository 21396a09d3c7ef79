package dev.weft.coordinator.store.memory;

import dev.weft.coordinator.host.HostStore;
import dev.weft.coordinator.host.HostStoreContract;

/** The host store contract in memory. */
class InMemoryHostStoreTest extends HostStoreContract {
  @Override
  protected HostStore newStore() {
    return new InMemoryHostStore();
  }
}
