package dev.weft.coordinator.store.memory;

import dev.weft.coordinator.servicerule.ServiceRuleStore;
import dev.weft.coordinator.servicerule.ServiceRuleStoreContract;

/** The service rule store contract in memory. */
class InMemoryServiceRuleStoreTest extends ServiceRuleStoreContract {
  @Override
  protected ServiceRuleStore newStore() {
    return new InMemoryServiceRuleStore();
  }
}
