package dev.weft.coordinator.store;

import dev.weft.coordinator.servicerule.ServiceRuleStore;
import dev.weft.coordinator.servicerule.ServiceRuleStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The service rule store contract on a real embedded Hazelcast member over a real H2 file. */
class HazelcastServiceRuleStoreTest extends ServiceRuleStoreContract {
  @TempDir
  Path dataDir;
  private StoreMember member;

  @Override
  protected ServiceRuleStore newStore() {
    member = StoreMember.start(dataDir);
    return new HazelcastServiceRuleStore(member.map(StoreMember.SERVICE_RULES), member.guard());
  }

  @Override
  protected void closeStore() {
    member.close();
  }
}
