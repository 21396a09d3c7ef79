package dev.weft.coordinator.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.coordinator.host.HostStore;
import dev.weft.coordinator.host.HostStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The host store contract on a real embedded Hazelcast member over a real H2 file, and its durability. */
class HazelcastHostStoreTest extends HostStoreContract {
  @TempDir
  Path dataDir;
  private StoreMember member;

  @Override
  protected HostStore newStore() {
    member = StoreMember.start(dataDir);
    return new HazelcastHostStore(member.map(StoreMember.HOSTS), member.guard());
  }

  @Override
  protected void closeStore() {
    if (member != null) {
      member.close();
    }
  }

  @Test
  void aHostWrittenIsLoadedAgainAfterARestartAndARemovalIsDurable() {
    hosts.register(report("h1", "27"), NOW, true);
    closeStore();
    hosts = newStore();
    assertThat(hosts.get("h1").orElseThrow().report().dockerVersion()).isEqualTo("27");
    hosts.remove("h1");
    closeStore();
    hosts = newStore();
    assertThat(hosts.list()).isEmpty();
  }
}
