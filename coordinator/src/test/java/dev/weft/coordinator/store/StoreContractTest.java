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
import dev.weft.coordinator.host.HostStore;
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

/** What the services rely on from the stores, on a real embedded Hazelcast member over a real H2 file. */
class StoreContractTest {
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
    networks = new NetworkStore(member.map(StoreMember.NETWORKS));
    hosts = new HazelcastHostStore(member.map(StoreMember.HOSTS));
    blocks = new BlockStore(member.map(StoreMember.BLOCKS));
    endpoints = new EndpointStore(member.map(StoreMember.ENDPOINTS));
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
  void networkCreationRefusesNameSubnetAndVniConflictsAndAllocatesTheRest() {
    Network a = create("a", null, null);
    assertThat(a.subnet()).isEqualTo("100.64.0.0/24");
    assertThat(a.vni()).isEqualTo(256);
    Network b = create("b", null, null);
    assertThat(b.subnet()).isEqualTo("100.64.1.0/24");
    assertThat(b.vni()).isEqualTo(257);

    assertThat(networks.create(request("a", null, null), NetworkDefaults.DEFAULTS, NOW).conflict()).contains("name");
    assertThat(networks.create(request("c", "100.64.0.128/25", null), NetworkDefaults.DEFAULTS, NOW).conflict())
        .contains("subnet").contains("\"a\"");
    assertThat(networks.create(request("c", null, 257), NetworkDefaults.DEFAULTS, NOW).conflict())
        .contains("vni").contains("\"b\"");
    assertThat(networks.list()).extracting(Network::name).containsExactly("a", "b");

    // a user subnet inside the pool is skipped by later allocations
    create("c", "100.64.2.0/24", null);
    assertThat(create("d", null, null).subnet()).isEqualTo("100.64.3.0/24");
  }

  @Test
  void exhaustedPoolOrRangeIsReportedAsSuch() {
    NetworkDefaults small = NetworkDefaults.parse("10.0.0.0/24", "24", "300-300", "26");
    assertThat(networks.create(request("a", null, null), small, NOW).created()).isTrue();
    NetworkCreation noSubnet = networks.create(request("b", null, null), small, NOW);
    assertThat(noSubnet.exhausted()).isTrue();
    NetworkCreation noVni = networks.create(request("b", "10.9.0.0/24", null), small, NOW);
    assertThat(noVni.exhausted()).isTrue();
    assertThat(networks.list()).hasSize(1);
  }

  @Test
  void removeAnswersTheRemovedNetworkOnce() {
    create("a", null, null);
    assertThat(networks.remove("a")).isPresent();
    assertThat(networks.remove("a")).isEmpty();
    assertThat(networks.get("a")).isEmpty();
  }

  @Test
  void blocksAreReusedUntilFullNeverSharedAndReleasedOnlyByTheirOwner() {
    Network net = create("n", "10.1.0.0/24", null);
    BlockGrantOutcome first = blocks.grant(net, "h1", List.of(), NOW);
    assertThat(first.block()).isEqualTo("10.1.0.0/26");
    assertThat(first.allocated()).isTrue();
    assertThat(blocks.grant(net, "h1", List.of(), NOW).block()).isEqualTo("10.1.0.0/26");
    assertThat(blocks.grant(net, "h2", List.of(), NOW).block()).isEqualTo("10.1.0.64/26");
    assertThat(blocks.grant(net, "h1", List.of("10.1.0.0/26"), NOW).block()).isEqualTo("10.1.0.128/26");
    assertThat(blocks.grant(net, "h3", List.of(), NOW).block()).isEqualTo("10.1.0.192/26");
    assertThat(blocks.grant(net, "h4", List.of(), NOW).exhausted()).isTrue();

    assertThat(blocks.release("n", "h2", List.of("10.1.0.0/26"))).as("not h2's").isEmpty();
    assertThat(blocks.release("n", "h1", List.of("10.1.0.0/26"))).containsExactly("10.1.0.0/26");
    assertThat(blocks.grant(net, "h4", List.of(), NOW).block()).isEqualTo("10.1.0.0/26");
  }

  @Test
  void concurrentBlockGrantsNeverOverlap() throws Exception {
    Network net = create("n", "10.2.0.0/20", null);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<CompletableFuture<BlockGrantOutcome>> grants = new ArrayList<>();
      for (int i = 0; i < 64; i++) {
        String host = "h" + i;
        grants.add(CompletableFuture.supplyAsync(() -> blocks.grant(net, host, List.of(), NOW), pool));
      }
      List<String> granted = grants.stream().map(CompletableFuture::join).map(BlockGrantOutcome::block).toList();
      assertThat(granted).doesNotContainNull().doesNotHaveDuplicates();
      assertThat(blocks.of("n").blocks()).hasSize(64);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void anAddressIsHeldByOneHostAndRemovedOnlyByIt() {
    Endpoint e1 = new Endpoint("n", "h1", "10.1.0.5", Macs.forIp("10.1.0.5"), "c1", null);
    assertThat(endpoints.put(e1)).isEmpty();
    Endpoint clash = new Endpoint("n", "h2", "10.1.0.5", Macs.forIp("10.1.0.5"), "c2", null);
    assertThat(endpoints.put(clash)).contains("h1");
    Endpoint replaced = new Endpoint("n", "h1", "10.1.0.5", Macs.forIp("10.1.0.5"), "c1-restarted", null);
    assertThat(endpoints.put(replaced)).isEmpty();
    assertThat(endpoints.get("n", "10.1.0.5")).contains(replaced);
    assertThat(endpoints.remove("n", "10.1.0.5", "h2")).isFalse();
    assertThat(endpoints.ofNetwork("n")).containsExactly(replaced);
    assertThat(endpoints.ofHost("h1")).containsExactly(replaced);
    assertThat(endpoints.remove("n", "10.1.0.5", "h1")).isTrue();
    assertThat(endpoints.ofNetwork("n")).isEmpty();
  }

  @Test
  void aTimeoutNoticedBeforeAReRegistrationDoesNotTakeTheHostDown() {
    HostReport report = new HostReport("h1", "h1", "192.0.2.1", null, null, null, null, null, null);
    hosts.register(report, "2026-01-01T00:00:10Z");
    assertThat(hosts.markDown("h1", "2026-01-01T00:00:05Z").status()).isEqualTo(HostStatus.UP);
    assertThat(hosts.markDown("h1", "2026-01-01T00:00:20Z").status()).isEqualTo(HostStatus.DOWN);
    assertThat(hosts.markUp("h1", "2026-01-01T00:00:30Z").status()).isEqualTo(HostStatus.UP);
    hosts.addError("h1", "pool-exhausted: network \"n\" full");
    assertThat(hosts.get("h1").orElseThrow().toHost(null, null).errors()).containsExactly("pool-exhausted: network \"n\" full");
    hosts.clearErrors("h1", "pool-exhausted: network \"n\"");
    assertThat(hosts.get("h1").orElseThrow().coordinatorErrors()).isEmpty();
    assertThat(hosts.markDown("nobody", NOW)).isNull();
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
