package dev.weft.coordinator.network;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.common.model.Network;
import dev.weft.common.net.Cidr;
import dev.weft.common.validation.NetworkDefaults;
import dev.weft.common.validation.NetworkRequest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the services rely on from every {@link NetworkStore}; run over each implementation by a subclass. */
public abstract class NetworkStoreContract {
  public static final String NOW = "2026-01-01T00:00:00Z";

  protected NetworkStore networks;

  /** A new, empty store. */
  protected abstract NetworkStore newStore();

  /** Releases what {@link #newStore} started; nothing by default. */
  protected void closeStore() {
  }

  @BeforeEach
  void open() {
    networks = newStore();
  }

  @AfterEach
  void close() {
    closeStore();
  }

  public static NetworkRequest request(String name, String subnet, Integer vni) {
    return new NetworkRequest(name, subnet == null ? null : Cidr.parse(subnet), vni, null, false, Map.of(), null);
  }

  public static Network create(NetworkStore networks, String name, String subnet, Integer vni) {
    NetworkCreation creation = networks.create(request(name, subnet, vni), NetworkDefaults.DEFAULTS, NOW);
    assertThat(creation.created()).as(creation.conflict()).isTrue();
    return creation.network();
  }

  Network create(String name, String subnet, Integer vni) {
    return create(networks, name, subnet, vni);
  }

  @Test
  public void networkCreationRefusesNameSubnetAndVniConflictsAndAllocatesTheRest() {
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
  public void exhaustedPoolOrRangeIsReportedAsSuch() {
    NetworkDefaults small = NetworkDefaults.parse("10.0.0.0/24", "24", "300-300", "26");
    assertThat(networks.create(request("a", null, null), small, NOW).created()).isTrue();
    NetworkCreation noSubnet = networks.create(request("b", null, null), small, NOW);
    assertThat(noSubnet.exhausted()).isTrue();
    NetworkCreation noVni = networks.create(request("b", "10.9.0.0/24", null), small, NOW);
    assertThat(noVni.exhausted()).isTrue();
    assertThat(networks.list()).hasSize(1);
  }

  @Test
  public void removeAnswersTheRemovedNetworkOnce() {
    create("a", null, null);
    assertThat(networks.remove("a")).isPresent();
    assertThat(networks.remove("a")).isEmpty();
    assertThat(networks.get("a")).isEmpty();
    assertThat(networks.catalog().networks()).isEmpty();
  }

  @Test
  public void racingCreationsNeverShareANameAVniOrASubnet() {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<CompletableFuture<NetworkCreation>> calls = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        String name = "net-" + (i % 20);
        calls.add(CompletableFuture.supplyAsync(
            () -> networks.create(request(name, null, null), NetworkDefaults.DEFAULTS, NOW), pool));
      }
      List<Network> created = calls.stream().map(CompletableFuture::join).filter(NetworkCreation::created)
          .map(NetworkCreation::network).toList();
      assertThat(created).hasSize(20);
      Set<Integer> vnis = new HashSet<>();
      created.forEach(n -> assertThat(vnis.add(n.vni())).isTrue());
      for (int i = 0; i < created.size(); i++) {
        for (int j = 0; j < i; j++) {
          assertThat(Cidr.parse(created.get(i).subnet()).overlaps(Cidr.parse(created.get(j).subnet()))).isFalse();
        }
      }
      assertThat(networks.list()).hasSize(20);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  public void listenersGetTheWholeCatalogBeforeAndAfterOffTheWritersThread() throws InterruptedException {
    ExecutorService events = Executors.newSingleThreadExecutor();
    try {
      BlockingQueue<NetworkEvent> got = new LinkedBlockingQueue<>();
      Set<Thread> threads = java.util.concurrent.ConcurrentHashMap.newKeySet();
      networks.addListener(events, e -> {
        threads.add(Thread.currentThread());
        got.add(e);
      });
      Network a = create("a", null, null);
      NetworkEvent added = got.poll(10, TimeUnit.SECONDS);
      assertThat(added).isNotNull();
      assertThat(added.type()).isEqualTo(NetworkEvent.Type.ADDED);
      assertThat(added.key()).isNotNull();
      assertThat(added.current().networks()).containsExactly(a);
      Network b = create("b", null, null);
      NetworkEvent updated = got.poll(10, TimeUnit.SECONDS);
      assertThat(updated.type()).isEqualTo(NetworkEvent.Type.UPDATED);
      assertThat(updated.previous().networks()).containsExactly(a);
      assertThat(updated.current().networks()).containsExactly(a, b);
      networks.remove("a");
      NetworkEvent removed = got.poll(10, TimeUnit.SECONDS);
      assertThat(removed.previous().networks()).containsExactly(a, b);
      assertThat(removed.current().networks()).containsExactly(b);
      assertThat(threads).doesNotContain(Thread.currentThread());
    } finally {
      events.shutdownNow();
    }
  }

  @Test
  public void eventTypesFollowFromWhatIsNull() {
    assertThat(NetworkEvent.of("k", null, NetworkCatalog.EMPTY).type()).isEqualTo(NetworkEvent.Type.ADDED);
    assertThat(NetworkEvent.of("k", NetworkCatalog.EMPTY, NetworkCatalog.EMPTY).type())
        .isEqualTo(NetworkEvent.Type.UPDATED);
    assertThat(NetworkEvent.of("k", NetworkCatalog.EMPTY, null).type()).isEqualTo(NetworkEvent.Type.REMOVED);
  }
}
