package dev.weft.coordinator.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.common.model.HostReport;
import dev.weft.common.model.HostStatus;
import dev.weft.coordinator.Listened;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What {@link HostService} relies on from a {@link HostStore}: run over every implementation. */
public abstract class HostStoreContract {
  protected static final String NOW = "2026-01-01T00:00:00Z";

  protected HostStore hosts;

  /** A new, empty store. */
  protected abstract HostStore newStore();

  /** Releases what {@link #newStore()} started; nothing by default. */
  protected void closeStore() {
  }

  @BeforeEach
  void open() {
    hosts = newStore();
  }

  @AfterEach
  void close() {
    closeStore();
  }

  protected static HostReport report(String id, String dockerVersion) {
    return new HostReport(id, id, "192.0.2.1", null, dockerVersion, null, null, null, null);
  }

  @Test
  void aTimeoutNoticedBeforeAReRegistrationDoesNotTakeTheHostDown() {
    hosts.register(report("h1", null), "2026-01-01T00:00:10Z", true);
    assertThat(hosts.markDown("h1", "2026-01-01T00:00:05Z").status()).isEqualTo(HostStatus.UP);
    assertThat(hosts.markDown("h1", "2026-01-01T00:00:20Z").status()).isEqualTo(HostStatus.DOWN);
    assertThat(hosts.markUp("h1", "2026-01-01T00:00:30Z").status()).isEqualTo(HostStatus.UP);
    hosts.addError("h1", "pool-exhausted: network \"n\" full");
    assertThat(hosts.get("h1").orElseThrow().toHost(null, null).errors())
        .containsExactly("pool-exhausted: network \"n\" full");
    hosts.clearErrors("h1", "pool-exhausted: network \"n\"");
    assertThat(hosts.get("h1").orElseThrow().coordinatorErrors()).isEmpty();
    assertThat(hosts.markDown("nobody", NOW)).isNull();
  }

  @Test
  void unknownHostsAreChangedOnlyByARegistrationThatMayCreate() {
    assertThat(hosts.register(report("h1", "27"), NOW, false)).isNull();
    assertThat(hosts.update(report("h1", "27"), NOW)).isNull();
    assertThat(hosts.markUp("h1", NOW)).isNull();
    assertThat(hosts.addError("h1", "e")).isNull();
    assertThat(hosts.clearErrors("h1", "e")).isNull();
    assertThat(hosts.remove("h1")).isFalse();
    assertThat(hosts.get("h1")).isEmpty();
    assertThat(hosts.list()).isEmpty();

    HostRecord created = hosts.register(report("h1", "27"), NOW, true);
    assertThat(created.status()).isEqualTo(HostStatus.UP);
    assertThat(hosts.get("h1")).contains(created);
    hosts.addError("h1", "e1");
    HostRecord again = hosts.register(report("h1", "28"), "2026-01-01T00:00:01Z", false);
    assertThat(again.report().dockerVersion()).isEqualTo("28");
    assertThat(again.coordinatorErrors()).as("a registration keeps the coordinator's errors").containsExactly("e1");
    assertThat(hosts.update(report("h1", "29"), NOW).report().dockerVersion()).isEqualTo("29");
    hosts.register(report("h0", null), NOW, true);
    assertThat(hosts.list()).extracting(HostRecord::id).containsExactly("h0", "h1");
    assertThat(hosts.remove("h1")).isTrue();
    assertThat(hosts.get("h1")).isEmpty();
  }

  @Test
  void atMostTwentyCoordinatorErrorsAreKeptTheOldestDropped() {
    hosts.register(report("h1", null), NOW, true);
    for (int i = 0; i < 25; i++) {
      hosts.addError("h1", "e" + i);
    }
    hosts.addError("h1", "e24");
    List<String> errors = hosts.get("h1").orElseThrow().coordinatorErrors();
    assertThat(errors).hasSize(20).startsWith("e5").endsWith("e24");
  }

  @Test
  void racingRegistrationsAndErrorsOnOneHostLoseNoChange() throws Exception {
    hosts.register(report("h1", null), NOW, true);
    int racers = 16;
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<CompletableFuture<HostRecord>> done = new ArrayList<>();
      for (int i = 0; i < racers; i++) {
        String error = "e" + i;
        done.add(CompletableFuture.supplyAsync(() -> {
          await(start);
          return hosts.addError("h1", error);
        }, pool));
        String version = "v" + i;
        done.add(CompletableFuture.supplyAsync(() -> {
          await(start);
          return hosts.register(report("h1", version), NOW, false);
        }, pool));
      }
      start.countDown();
      done.forEach(CompletableFuture::join);
    } finally {
      pool.shutdownNow();
    }
    HostRecord stored = hosts.get("h1").orElseThrow();
    assertThat(stored.coordinatorErrors()).as("no registration overwrote an error added meanwhile")
        .hasSize(racers);
    assertThat(stored.status()).isEqualTo(HostStatus.UP);
  }

  @Test
  void aRegistrationThatMayNotCreateNeverRevivesARemovedHost() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      for (int round = 0; round < 50; round++) {
        hosts.register(report("h1", null), NOW, true);
        CountDownLatch start = new CountDownLatch(1);
        CompletableFuture<HostRecord> registering = CompletableFuture.supplyAsync(() -> {
          await(start);
          return hosts.register(report("h1", "again"), NOW, false);
        }, pool);
        CompletableFuture<Boolean> removing = CompletableFuture.supplyAsync(() -> {
          await(start);
          return hosts.remove("h1");
        }, pool);
        start.countDown();
        registering.join();
        assertThat(removing.join()).isTrue();
        assertThat(hosts.get("h1")).as("round " + round).isEmpty();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void listenersHearAddedUpdatedAndRemovedOffTheWritersThread() {
    try (Listened<HostEvent> heard = new Listened<>()) {
      hosts.addListener(heard.executor(), heard.listener()::accept);
      HostRecord added = hosts.register(report("h1", "27"), NOW, true);
      HostRecord down = hosts.markDown("h1", "2026-01-01T00:00:05Z");
      hosts.remove("h1");
      assertThat(heard.await(3)).containsExactly(
          new HostEvent(HostEvent.Type.ADDED, "h1", null, added),
          new HostEvent(HostEvent.Type.UPDATED, "h1", added, down),
          new HostEvent(HostEvent.Type.REMOVED, "h1", down, null));
      assertThat(heard.threads()).containsOnly(Listened.THREAD);
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
