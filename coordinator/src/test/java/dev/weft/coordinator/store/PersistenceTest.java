package dev.weft.coordinator.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.common.model.Endpoint;
import dev.weft.common.model.HostReport;
import dev.weft.common.model.HostStatus;
import dev.weft.common.model.Network;
import dev.weft.common.net.Cidr;
import dev.weft.common.net.Macs;
import dev.weft.common.validation.NetworkDefaults;
import dev.weft.common.validation.NetworkRequest;
import dev.weft.coordinator.block.Block;
import dev.weft.coordinator.host.HostStore;
import dev.weft.coordinator.block.BlockStore;
import dev.weft.coordinator.endpoint.EndpointStore;
import dev.weft.coordinator.network.NetworkCreation;
import dev.weft.coordinator.network.NetworkStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * That every store's content survives a restart of the member, on a real embedded Hazelcast member over a real H2
 * file. What each store does is in its contract ({@code NetworkStoreContract}, {@code HostStoreContract}, ...), run
 * over both implementations.
 */
class PersistenceTest {
  static final String NOW = "2026-01-01T00:00:00Z";

  @TempDir
  Path dataDir;
  StoreMember member;
  NetworkStore networks;
  HostStore hosts;
  BlockStore blocks;
  EndpointStore endpoints;

  @BeforeEach
  void start() {
    open();
  }

  @AfterEach
  void stop() {
    if (member != null) {
      member.close();
    }
  }

  void open() {
    member = StoreMember.start(dataDir);
    networks = new HazelcastNetworkStore(member.map(StoreMember.NETWORKS));
    hosts = new HazelcastHostStore(member.map(StoreMember.HOSTS));
    blocks = new HazelcastBlockStore(member.map(StoreMember.BLOCKS));
    endpoints = new HazelcastEndpointStore(member.map(StoreMember.ENDPOINTS));
  }

  void restart() {
    member.close();
    member = null;
    open();
  }

  static NetworkRequest request(String name, String subnet, Integer vni) {
    return new NetworkRequest(name, subnet == null ? null : Cidr.parse(subnet), vni, null, false, Map.of(), null);
  }

  Network create(String name, String subnet, Integer vni) {
    NetworkCreation creation = networks.create(request(name, subnet, vni), NetworkDefaults.DEFAULTS, NOW);
    assertThat(creation.created()).as(creation.conflict()).isTrue();
    return creation.network();
  }

  @Test
  void everythingWrittenIsLoadedAgainAfterARestart() {
    Network net = create("n", "10.1.0.0/24", 4000);
    blocks.grant(net, "h1", List.of(), NOW);
    Endpoint e1 = new Endpoint("n", "h1", "10.1.0.5", Macs.forIp("10.1.0.5"), "c1", "svc");
    endpoints.put(e1);
    hosts.register(new HostReport("h1", "h1", "192.0.2.1", null, "27", null, null, "1", null), NOW);

    restart();

    assertThat(networks.get("n")).contains(net);
    assertThat(blocks.of("n").ownedBy("h1")).extracting(Block::cidr).containsExactly("10.1.0.0/26");
    assertThat(endpoints.ofNetwork("n")).containsExactly(e1);
    assertThat(hosts.get("h1").orElseThrow().report().dockerVersion()).isEqualTo("27");
    // and removals are durable too
    endpoints.remove("n", "10.1.0.5", "h1");
    blocks.removeNetwork("n");
    networks.remove("n");
    restart();
    assertThat(networks.list()).isEmpty();
    assertThat(blocks.all()).isEmpty();
    assertThat(endpoints.all()).isEmpty();
  }
}
