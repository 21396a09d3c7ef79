package dev.weft.coordinator.store;

import dev.weft.coordinator.block.BlockStore;
import dev.weft.coordinator.block.BlockStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The {@link BlockStoreContract} on a real embedded Hazelcast member over a real H2 file. */
class HazelcastBlockStoreTest extends BlockStoreContract {
  @TempDir
  Path dataDir;
  StoreMember member;

  @Override
  protected BlockStore newStore() {
    member = StoreMember.start(dataDir);
    return new HazelcastBlockStore(member.map(StoreMember.BLOCKS), member.guard());
  }

  @Override
  protected void closeStore() {
    if (member != null) {
      member.close();
    }
  }
}
