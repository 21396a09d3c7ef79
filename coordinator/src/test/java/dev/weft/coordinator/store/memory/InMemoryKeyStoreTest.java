package dev.weft.coordinator.store.memory;

import dev.weft.coordinator.keys.KeyStore;
import dev.weft.coordinator.keys.KeyStoreContract;

/** The key store contract in memory. */
class InMemoryKeyStoreTest extends KeyStoreContract {
  @Override
  protected KeyStore newStore() {
    return new InMemoryKeyStore();
  }
}
