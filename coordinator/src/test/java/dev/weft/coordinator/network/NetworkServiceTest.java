package dev.weft.coordinator.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.common.error.ValidationException;
import dev.weft.common.model.Endpoint;
import dev.weft.common.model.Network;
import dev.weft.common.net.Macs;
import dev.weft.common.validation.NetworkDefaults;
import dev.weft.coordinator.block.BlockStore;
import dev.weft.coordinator.endpoint.EndpointService;
import dev.weft.coordinator.endpoint.EndpointStore;
import dev.weft.coordinator.endpoint.StoredContents;
import dev.weft.coordinator.error.ConflictException;
import dev.weft.coordinator.error.ExhaustedException;
import dev.weft.coordinator.error.NotFoundException;
import dev.weft.coordinator.metrics.Counters;
import dev.weft.coordinator.store.memory.InMemoryBlockStore;
import dev.weft.coordinator.store.memory.InMemoryEndpointStore;
import dev.weft.coordinator.store.memory.InMemoryNetworkStore;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/** {@link NetworkService} over the in-memory stores: no Hazelcast member. */
class NetworkServiceTest {
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

  final NetworkStore networkStore = new InMemoryNetworkStore();
  final BlockStore blockStore = new InMemoryBlockStore();
  final EndpointStore endpointStore = new InMemoryEndpointStore();
  final Counters counters = new Counters();
  final NetworkService networks = service(NetworkDefaults.DEFAULTS);
  final EndpointService endpoints = new EndpointService(networkStore, blockStore, endpointStore);

  NetworkService service(NetworkDefaults defaults) {
    return new NetworkService(networkStore, new StoredContents(endpointStore, blockStore), defaults, counters, CLOCK);
  }

  Endpoint attach(Network network, String host, int hostPart) {
    String block = blockStore.grant(network, host, List.of(), CLOCK.instant().toString()).block();
    String ip = block.substring(0, block.lastIndexOf('.') + 1)
        + (Integer.parseInt(block.substring(block.lastIndexOf('.') + 1, block.indexOf('/'))) + hostPart);
    return endpoints.add(host, new Endpoint(network.name(), host, ip, Macs.forIp(ip), "c-" + host, null));
  }

  @Test
  void createAllocatesAndRefusesConflictsAndExhaustion() {
    Network blue = networks.create(NetworkStoreContract.request("blue", null, null));
    assertThat(blue.vni()).isEqualTo(256);
    assertThat(blue.createdAt()).isEqualTo("2026-01-01T00:00:00Z");
    assertThatThrownBy(() -> networks.create(NetworkStoreContract.request("blue", null, null)))
        .isInstanceOf(ConflictException.class).hasMessageContaining("name");
    NetworkService small = service(NetworkDefaults.parse("10.0.0.0/24", "24", "300-300", "26"));
    small.create(NetworkStoreContract.request("a", null, null));
    assertThatThrownBy(() -> small.create(NetworkStoreContract.request("b", null, null)))
        .isInstanceOf(ExhaustedException.class);
    assertThat(counters.allocationFailures()).isEqualTo(1);
    assertThatThrownBy(() -> networks.create(new dev.weft.common.validation.NetworkRequest("c", null, null, null,
        false, java.util.Map.of(), 20))).isInstanceOf(ValidationException.class).hasMessageContaining("blockPrefix");
  }

  @Test
  void getListAndEndpointsAnswerWhatIsStored() {
    Network blue = networks.create(NetworkStoreContract.request("blue", null, null));
    Endpoint e = attach(blue, "h1", 2);
    assertThat(networks.get("blue")).isEqualTo(blue);
    assertThat(networks.list()).containsExactly(blue);
    assertThat(networks.endpoints("blue")).containsExactly(e);
    assertThatThrownBy(() -> networks.get("nope")).isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> networks.endpoints("nope")).isInstanceOf(NotFoundException.class);
  }

  @Test
  void deleteRefusesWhileEndpointsExistUnlessForcedAndTakesBlocksAndEndpointsAlong() {
    Network blue = networks.create(NetworkStoreContract.request("blue", null, null));
    attach(blue, "h1", 2);
    assertThatThrownBy(() -> networks.delete("blue", false)).isInstanceOf(ConflictException.class)
        .hasMessageContaining("has 1 endpoint ");
    assertThat(networks.get("blue")).isEqualTo(blue);
    networks.delete("blue", true);
    assertThat(networkStore.list()).isEmpty();
    assertThat(endpointStore.all()).isEmpty();
    assertThat(blockStore.all()).isEmpty();
    assertThatThrownBy(() -> networks.delete("blue", false)).isInstanceOf(NotFoundException.class);
  }

  /**
   * Issue 13: the endpoint check and the removal are one step. Racing an add against a plain delete ends either
   * with the delete refused and the endpoint stored, or the network gone and the add refused: never a deleted
   * network whose endpoint was accepted.
   */
  @Test
  void aDeleteRacingAnAddNeverDeletesAcceptedEndpoints() {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      for (int round = 0; round < 200; round++) {
        String name = "race-" + round;
        Network network = networks.create(NetworkStoreContract.request(name, "10.8.0.0/24", 5000));
        CompletableFuture<Endpoint> add = CompletableFuture.supplyAsync(() -> attach(network, "h1", 2), pool);
        CompletableFuture<Void> delete = CompletableFuture.runAsync(() -> networks.delete(name, false), pool);
        Throwable addFailure = failure(add);
        Throwable deleteFailure = failure(delete);
        if (deleteFailure == null) {
          assertThat(addFailure).as("round %d: the add must have lost", round).isNotNull();
          assertThat(endpointStore.ofNetwork(name)).isEmpty();
        } else {
          assertThat(deleteFailure).isInstanceOf(ConflictException.class);
          assertThat(addFailure).isNull();
          networks.delete(name, true);
        }
        assertThat(endpointStore.ofNetwork(name)).isEmpty();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  static Throwable failure(CompletableFuture<?> future) {
    try {
      future.join();
      return null;
    } catch (CompletionException e) {
      return e.getCause();
    }
  }
}
