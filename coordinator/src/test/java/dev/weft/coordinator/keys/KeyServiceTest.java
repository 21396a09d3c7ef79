package dev.weft.coordinator.keys;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.common.model.HostReport;
import dev.weft.common.model.Network;
import dev.weft.common.validation.NetworkDefaults;
import dev.weft.common.validation.NetworkRequest;
import dev.weft.coordinator.config.KeyConfig;
import dev.weft.coordinator.block.BlockStore;
import dev.weft.coordinator.network.NetworkStore;
import dev.weft.coordinator.store.memory.InMemoryBlockStore;
import dev.weft.coordinator.store.memory.InMemoryNetworkStore;
import dev.weft.coordinator.store.memory.InMemoryHostStore;
import dev.weft.coordinator.store.memory.InMemoryKeyStore;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One key pass over the in-memory stores. */
class KeyServiceTest {
  private static final String NOW = "2026-01-01T00:00:00Z";

  private final InMemoryHostStore hosts = new InMemoryHostStore();
  private final InMemoryKeyStore keys = new InMemoryKeyStore();
  private final NetworkStore networks = new InMemoryNetworkStore();
  private final BlockStore blocks = new InMemoryBlockStore();

  private static HostReport host(String id, String underlay, String key) {
    return new HostReport(id, id, underlay, List.of(), null, null, null, "t", List.of(), "kernel", key, 51820);
  }

  private KeyService service(boolean leader) {
    return new KeyService(hosts, networks, blocks, keys, KeyConfig.DEFAULTS,
        Clock.fixed(Instant.parse(NOW), ZoneOffset.UTC), new SecureRandom(), () -> leader);
  }

  @Test
  void hostsSharingAnEncryptedNetworkGetTunnelAddressesAndOneKeyPerPair() {
    Network secret = networks.create(new NetworkRequest("secret", null, null, null, true, Map.of(), null),
        NetworkDefaults.DEFAULTS, NOW).network();
    for (String h : List.of("a", "b")) {
      hosts.register(host(h, h.equals("a") ? "10.0.0.1" : "10.0.0.2", "K" + h), NOW, true);
      blocks.grant(secret, h, List.of(), NOW);
    }
    KeyService.Pass pass = service(true).pass();
    assertThat(pass.tables()).containsOnlyKeys("a", "b");
    assertThat(keys.tunnels().byHost()).containsOnlyKeys("a", "b");
    assertThat(pass.keys()).hasSize(1).allMatch(k -> k.involves("a") && k.involves("b"));
    assertThat(keys.pairKeys()).isEqualTo(pass.keys());
    assertThat(pass.tables().get("a").tunnelAddress()).isEqualTo(keys.tunnels().byHost().get("a"));

    // a second pass changes nothing; a removed host's address and key go on the leader
    assertThat(service(true).pass().keys()).isEqualTo(pass.keys());
    hosts.remove("b");
    service(false).pass();
    assertThat(keys.tunnels().byHost()).as("not the leader: nothing released").containsKey("b");
    service(true).pass();
    assertThat(keys.tunnels().byHost()).containsOnlyKeys("a");
    assertThat(keys.pairKeys()).isEmpty();
  }

  @Test
  void withoutAnEncryptedNetworkNothingIsAllocated() {
    networks.create(new NetworkRequest("plain", null, null, null, false, Map.of(), null), NetworkDefaults.DEFAULTS,
        NOW);
    hosts.register(host("a", "10.0.0.1", "Ka"), NOW, true);
    assertThat(service(true).pass().keys()).isEmpty();
    assertThat(keys.tunnels()).isEqualTo(TunnelSet.EMPTY);
  }
}
