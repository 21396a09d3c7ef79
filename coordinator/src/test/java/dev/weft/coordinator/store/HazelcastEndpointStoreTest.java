package dev.weft.coordinator.store;

import dev.weft.coordinator.endpoint.EndpointStore;
import dev.weft.coordinator.endpoint.EndpointStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The {@link EndpointStoreContract} on a real embedded Hazelcast member over a real H2 file. */
class HazelcastEndpointStoreTest extends EndpointStoreContract {
  @TempDir
  Path dataDir;
  StoreMember member;

  @Override
  protected EndpointStore newStore() {
    member = StoreMember.start(dataDir);
    return new HazelcastEndpointStore(member.map(StoreMember.ENDPOINTS), member.guard());
  }

  @Override
  protected void closeStore() {
    if (member != null) {
      member.close();
    }
  }
}
