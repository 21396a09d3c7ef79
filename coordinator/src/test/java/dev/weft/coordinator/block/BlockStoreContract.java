package dev.weft.coordinator.block;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.common.model.Network;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the services rely on from every {@link BlockStore}; run over each implementation by a subclass. */
public abstract class BlockStoreContract {
  static final String NOW = "2026-01-01T00:00:00Z";

  protected BlockStore blocks;

  /** A new, empty store. */
  protected abstract BlockStore newStore();

  /** Releases what {@link #newStore} started; nothing by default. */
  protected void closeStore() {
  }

  @BeforeEach
  void open() {
    blocks = newStore();
  }

  @AfterEach
  void close() {
    closeStore();
  }

  static Network network(String name, String subnet) {
    return new Network(name, subnet, 4000, 1450, false, Map.of(), 26, NOW);
  }

  @Test
  public void blocksAreReusedUntilFullNeverSharedAndReleasedOnlyByTheirOwner() {
    Network net = network("n", "10.1.0.0/24");
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
  public void concurrentBlockGrantsNeverOverlap() throws Exception {
    Network net = network("n", "10.2.0.0/20");
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
  public void allAndRemoveNetworkSeeEveryNetworksSet() {
    blocks.grant(network("n", "10.1.0.0/24"), "h1", List.of(), NOW);
    blocks.grant(network("m", "10.3.0.0/24"), "h1", List.of(), NOW);
    assertThat(blocks.all()).containsOnlyKeys("n", "m");
    assertThat(blocks.of("n").ownedBy("h1")).extracting(Block::cidr).containsExactly("10.1.0.0/26");
    blocks.removeNetwork("n");
    assertThat(blocks.of("n")).isEqualTo(BlockSet.EMPTY);
    assertThat(blocks.all()).containsOnlyKeys("m");
    assertThat(blocks.release("gone", "h1", List.of("10.9.0.0/26"))).isEmpty();
  }

  @Test
  public void listenersGetEachNetworksSetBeforeAndAfterOffTheWritersThread() throws InterruptedException {
    ExecutorService events = Executors.newSingleThreadExecutor();
    try {
      BlockingQueue<BlockEvent> got = new LinkedBlockingQueue<>();
      Set<Thread> threads = ConcurrentHashMap.newKeySet();
      blocks.addListener(events, e -> {
        threads.add(Thread.currentThread());
        got.add(e);
      });
      Network net = network("n", "10.1.0.0/24");
      blocks.grant(net, "h1", List.of(), NOW);
      BlockEvent added = got.poll(10, TimeUnit.SECONDS);
      assertThat(added.type()).isEqualTo(BlockEvent.Type.ADDED);
      assertThat(added.key()).isEqualTo("n");
      assertThat(added.previous()).isNull();
      assertThat(added.current().ownedBy("h1")).extracting(Block::cidr).containsExactly("10.1.0.0/26");
      blocks.grant(net, "h2", List.of(), NOW);
      BlockEvent updated = got.poll(10, TimeUnit.SECONDS);
      assertThat(updated.type()).isEqualTo(BlockEvent.Type.UPDATED);
      assertThat(updated.previous().blocks()).hasSize(1);
      assertThat(updated.current().blocks()).hasSize(2);
      blocks.removeNetwork("n");
      BlockEvent removed = got.poll(10, TimeUnit.SECONDS);
      assertThat(removed.type()).isEqualTo(BlockEvent.Type.REMOVED);
      assertThat(removed.key()).isEqualTo("n");
      assertThat(removed.current()).isNull();
      assertThat(threads).doesNotContain(Thread.currentThread());
    } finally {
      events.shutdownNow();
    }
  }
}
