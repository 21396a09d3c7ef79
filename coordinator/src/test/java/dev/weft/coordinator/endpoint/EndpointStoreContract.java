package dev.weft.coordinator.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.common.model.Endpoint;
import dev.weft.common.net.Macs;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the services rely on from every {@link EndpointStore}; run over each implementation by a subclass. */
public abstract class EndpointStoreContract {
  protected EndpointStore endpoints;

  /** A new, empty store. */
  protected abstract EndpointStore newStore();

  /** Releases what {@link #newStore} started; nothing by default. */
  protected void closeStore() {
  }

  @BeforeEach
  void open() {
    endpoints = newStore();
  }

  @AfterEach
  void close() {
    closeStore();
  }

  static Endpoint endpoint(String network, String host, String ip, String container) {
    return new Endpoint(network, host, ip, Macs.forIp(ip), container, null);
  }

  @Test
  public void anAddressIsHeldByOneHostAndRemovedOnlyByIt() {
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
  public void queriesOrderByNetworkThenAddressAndRemoveNetworkDropsOnlyThatNetwork() {
    Endpoint b10 = endpoint("b", "h1", "10.1.0.10", "c1");
    Endpoint b9 = endpoint("b", "h2", "10.1.0.9", "c2");
    Endpoint a3 = endpoint("a", "h1", "10.2.0.3", "c3");
    List.of(b10, b9, a3).forEach(endpoints::put);
    assertThat(endpoints.ofNetwork("b")).containsExactly(b9, b10);
    assertThat(endpoints.ofHost("h1")).containsExactly(a3, b10);
    assertThat(endpoints.of("b", "h1")).containsExactly(b10);
    assertThat(endpoints.all()).containsExactlyInAnyOrder(a3, b9, b10);
    assertThat(endpoints.count()).isEqualTo(3);
    endpoints.removeNetwork("b");
    assertThat(endpoints.all()).containsExactly(a3);
  }

  @Test
  public void aPutWhoseCheckFailsStoresNothing() {
    Endpoint e = endpoint("n", "h1", "10.1.0.5", "c1");
    assertThatThrownBy(() -> endpoints.put(e, () -> {
      throw new IllegalStateException("network gone");
    })).hasMessageContaining("network gone");
    assertThat(endpoints.get("n", "10.1.0.5")).isEmpty();
    assertThat(endpoints.<Integer>withEndpoints("n", null, List::size)).isZero();
  }

  /**
   * The network's lock (issue 13): a decision taken on "no endpoints" (a deletion, a reclaim) and a put racing it
   * never miss each other. The decision waits, while holding the lock, for the racing put to land; without the lock it
   * would, and the network would be "deleted" with an endpoint in it.
   */
  @Test
  public void aDecisionOnNoEndpointsAndARacingPutNeverMissEachOther() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      for (int round = 0; round < 4; round++) {
        String network = "race-" + round;
        AtomicBoolean exists = new AtomicBoolean(true);
        CountDownLatch decided = new CountDownLatch(1);
        CountDownLatch putting = new CountDownLatch(1);
        Endpoint racer = endpoint(network, "h1", "10.1.0.5", "c1");
        CompletableFuture<Integer> decision = CompletableFuture.supplyAsync(
            () -> endpoints.withEndpoints(network, null, held -> {
              decided.countDown();
              awaitQuietly(putting);
              // the window a lock must close: give the racing put every chance to land now
              for (int i = 0; i < 20 && endpoints.get(network, racer.ip()).isEmpty(); i++) {
                pause();
              }
              if (held.isEmpty()) {
                exists.set(false);
              }
              return held.size();
            }), pool);
        awaitQuietly(decided);
        CompletableFuture<Optional<String>> put = CompletableFuture.supplyAsync(() -> {
          putting.countDown();
          return endpoints.put(racer, () -> {
            if (!exists.get()) {
              throw new IllegalStateException("network " + network + " not found");
            }
          });
        }, pool);
        assertThat(decision.get(20, TimeUnit.SECONDS)).isZero();
        assertThatThrownBy(() -> put.get(20, TimeUnit.SECONDS)).hasMessageContaining("not found");
        assertThat(endpoints.ofNetwork(network)).as("no endpoint in a network decided empty").isEmpty();
      }
      // and the other order: a put that came first is seen by the decision
      endpoints.put(endpoint("seen", "h1", "10.1.0.6", "c1"), () -> { });
      assertThat(endpoints.<Integer>withEndpoints("seen", null, List::size)).isEqualTo(1);
      assertThat(endpoints.<Integer>withEndpoints("seen", "h2", List::size)).isZero();
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  public void listenersGetEachEndpointBeforeAndAfterOffTheWritersThread() throws InterruptedException {
    ExecutorService events = Executors.newSingleThreadExecutor();
    try {
      BlockingQueue<EndpointEvent> got = new LinkedBlockingQueue<>();
      Set<Thread> threads = ConcurrentHashMap.newKeySet();
      endpoints.addListener(events, e -> {
        threads.add(Thread.currentThread());
        got.add(e);
      });
      Endpoint first = endpoint("n", "h1", "10.1.0.5", "c1");
      endpoints.put(first);
      EndpointEvent added = got.poll(10, TimeUnit.SECONDS);
      assertThat(added).isEqualTo(new EndpointEvent(EndpointEvent.Type.ADDED, "n/10.1.0.5", null, first));
      Endpoint restarted = endpoint("n", "h1", "10.1.0.5", "c2");
      endpoints.put(restarted);
      assertThat(got.poll(10, TimeUnit.SECONDS))
          .isEqualTo(new EndpointEvent(EndpointEvent.Type.UPDATED, "n/10.1.0.5", first, restarted));
      endpoints.remove("n", "10.1.0.5", "h1");
      assertThat(got.poll(10, TimeUnit.SECONDS))
          .isEqualTo(new EndpointEvent(EndpointEvent.Type.REMOVED, "n/10.1.0.5", restarted, null));
      assertThat(threads).doesNotContain(Thread.currentThread());
    } finally {
      events.shutdownNow();
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void pause() {
    try {
      Thread.sleep(10);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
