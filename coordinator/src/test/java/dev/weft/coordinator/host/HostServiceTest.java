package dev.weft.coordinator.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.common.error.ValidationException;
import dev.weft.common.model.HostReport;
import dev.weft.common.model.HostStatus;
import dev.weft.coordinator.error.ConflictException;
import dev.weft.coordinator.error.NotFoundException;
import dev.weft.coordinator.pki.Revocations;
import dev.weft.coordinator.endpoint.EndpointService;
import dev.weft.coordinator.endpoint.EndpointStore;
import dev.weft.coordinator.store.memory.InMemoryBlockStore;
import dev.weft.coordinator.store.memory.InMemoryEndpointStore;
import dev.weft.coordinator.store.memory.InMemoryNetworkStore;
import dev.weft.coordinator.store.memory.InMemoryHostStore;
import dev.weft.coordinator.store.memory.InMemorySettings;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Registration, revocation and the API's view of hosts, over the in-memory stores and settings. */
class HostServiceTest {
  private final Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
  private final AtomicReference<String> joinToken = new AtomicReference<>("token-1");
  private final List<String> released = new java.util.concurrent.CopyOnWriteArrayList<>();
  private InMemoryHostStore store;
  private Revocations revocations;
  private HostService hosts;

  @BeforeEach
  void wire() {
    EndpointStore endpoints = new InMemoryEndpointStore();
    EndpointService endpointService = new EndpointService(new InMemoryNetworkStore(), new InMemoryBlockStore(),
        endpoints);
    store = new InMemoryHostStore();
    revocations = new Revocations(new InMemorySettings(), joinToken::get);
    hosts = new HostService(store, endpoints, endpointService, released::add, revocations, clock,
        () -> Map.of("h1", "198.18.0.1"));
  }

  private static HostReport report(String id) {
    return new HostReport(id, id, "192.0.2.1", null, "27", null, null, null, null);
  }

  @Test
  void aRegisteredHostIsUpAndListedWithItsTunnelAddress() {
    assertThat(hosts.register(report("h1"), List.of())).isEmpty();
    assertThat(hosts.upHosts()).containsExactly("h1");
    assertThat(hosts.get("h1", h -> null).status()).isEqualTo(HostStatus.UP);
    assertThat(hosts.list(h -> null)).extracting(h -> h.id()).containsExactly("h1");
    hosts.markDown("h1", Instant.parse("2026-01-01T00:00:05Z"));
    assertThat(hosts.upHosts()).isEmpty();
    hosts.markUp("h1");
    assertThat(hosts.upHosts()).containsExactly("h1");
  }

  @Test
  void badReportsAndUnknownHostsAreRefused() {
    assertThatThrownBy(() -> hosts.register(null, List.of())).isInstanceOf(ValidationException.class);
    assertThatThrownBy(() -> hosts.register(new HostReport("-bad", "x", "192.0.2.1", null, null, null, null, null,
        null), List.of())).isInstanceOf(ValidationException.class).hasMessageContaining("hostId");
    assertThatThrownBy(() -> hosts.register(new HostReport("h1", "x", "nowhere", null, null, null, null, null, null),
        List.of())).isInstanceOf(ValidationException.class).hasMessageContaining("underlayAddress");
    assertThatThrownBy(() -> hosts.update(report("h1"))).isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> hosts.get("h1", h -> null)).isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> hosts.delete("nobody")).isInstanceOf(NotFoundException.class);
    hosts.markUp("nobody");
    assertThat(store.list()).isEmpty();
  }

  @Test
  void aDeletedHostIsGoneAndMayRegisterAgainOnlyAfterTheJoinTokenRotated() {
    hosts.register(report("h1"), List.of());
    hosts.delete("h1");
    assertThat(store.get("h1")).isEmpty();
    assertThat(released).as("its blocks were released").containsExactly("h1");
    assertThatThrownBy(() -> hosts.delete("h1")).isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> hosts.register(report("h1"), List.of())).isInstanceOf(ConflictException.class)
        .hasMessageContaining("revoked");
    assertThat(store.get("h1")).isEmpty();

    joinToken.set("token-2");
    assertThat(hosts.register(report("h1"), List.of())).isEmpty();
    assertThat(store.get("h1")).isPresent();
  }

  @Test
  void aDeleteRacingARegistrationNeverLeavesARevokedHostStored() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      for (int round = 0; round < 100; round++) {
        String id = "h" + round;
        hosts.register(report(id), List.of());
        CountDownLatch start = new CountDownLatch(1);
        CompletableFuture<Void> registering = CompletableFuture.runAsync(() -> {
          await(start);
          try {
            hosts.register(report(id), List.of());
          } catch (ConflictException refused) {
            // the delete came first
          }
        }, pool);
        CompletableFuture<Void> deleting = CompletableFuture.runAsync(() -> {
          await(start);
          hosts.delete(id);
        }, pool);
        start.countDown();
        registering.join();
        deleting.join();
        assertThat(revocations.revoked(id)).isTrue();
        assertThat(store.get(id)).as("round " + round).isEmpty();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static void await(CountDownLatch start) {
    try {
      start.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
