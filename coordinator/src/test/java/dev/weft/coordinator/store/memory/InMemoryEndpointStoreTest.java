package dev.weft.coordinator.store.memory;

import dev.weft.coordinator.endpoint.EndpointStore;
import dev.weft.coordinator.endpoint.EndpointStoreContract;

/** The {@link EndpointStoreContract} in memory. */
class InMemoryEndpointStoreTest extends EndpointStoreContract {
  @Override
  protected EndpointStore newStore() {
    return new InMemoryEndpointStore();
  }
}
