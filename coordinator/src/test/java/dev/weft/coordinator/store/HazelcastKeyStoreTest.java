package dev.weft.coordinator.store;

import dev.weft.coordinator.keys.KeyStore;
import dev.weft.coordinator.keys.KeyStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The key store contract on a real embedded Hazelcast member over a real H2 file. */
class HazelcastKeyStoreTest extends KeyStoreContract {
  @TempDir
  Path dataDir;
  private StoreMember member;

  @Override
  protected KeyStore newStore() {
    member = StoreMember.start(dataDir);
    return new HazelcastKeyStore(member.map(StoreMember.KEYS), member.guard());
  }

  @Override
  protected void closeStore() {
    member.close();
  }
}
