package dev.weft.coordinator.store;

import dev.weft.coordinator.network.NetworkStore;
import dev.weft.coordinator.network.NetworkStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The {@link NetworkStoreContract} on a real embedded Hazelcast member over a real H2 file. */
class HazelcastNetworkStoreTest extends NetworkStoreContract {
  @TempDir
  Path dataDir;
  StoreMember member;

  @Override
  protected NetworkStore newStore() {
    member = StoreMember.start(dataDir);
    return new HazelcastNetworkStore(member.map(StoreMember.NETWORKS), member.guard());
  }

  @Override
  protected void closeStore() {
    if (member != null) {
      member.close();
    }
  }
}
