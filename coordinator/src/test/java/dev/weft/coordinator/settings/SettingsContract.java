package dev.weft.coordinator.settings;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Settings by prefix and compare-and-set (issue 12: the hosts that joined, a host certificate's record), run over
 * every implementation: SQL in H2 and in PostgreSQL alike, and in memory.
 */
public abstract class SettingsContract {
  protected Settings settings;

  /** New, empty settings. */
  protected abstract Settings newSettings() throws Exception;

  /** Releases what {@link #newSettings()} opened; nothing by default. */
  protected void closeSettings() throws Exception {
  }

  @BeforeEach
  void open() throws Exception {
    settings = newSettings();
  }

  @AfterEach
  void close() throws Exception {
    closeSettings();
  }

  @Test
  void listsByLiteralPrefixAndReplacesOnlyOverTheValueRead() throws Exception {
    settings.put("cert:aa", "1");
    settings.put("cert:bb", "2");
    settings.put("certX", "not a cert");
    settings.put("c_rt:zz", "underscore is no wildcard");
    settings.put("revoked:aa", "t");
    assertThat(settings.startingWith("cert:")).containsExactly(Map.entry("cert:aa", "1"),
        Map.entry("cert:bb", "2"));
    assertThat(settings.startingWith("c_rt")).containsOnlyKeys("c_rt:zz");
    assertThat(settings.startingWith("%")).isEmpty();
    assertThat(settings.startingWith("none:")).isEmpty();

    assertThat(settings.replaceIf("cert:aa", "1", "3")).isTrue();
    assertThat(settings.replaceIf("cert:aa", "1", "4")).as("over a value no longer there").isFalse();
    assertThat(settings.replaceIf("cert:absent", "1", "4")).isFalse();
    assertThat(settings.get("cert:aa")).isEqualTo("3");
    assertThat(settings.get("cert:absent")).isNull();

    // of writers racing over one value read, exactly one replaces it
    int racers = 6;
    ExecutorService pool = Executors.newFixedThreadPool(racers);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Boolean>> outcomes = new ArrayList<>();
      for (int i = 0; i < racers; i++) {
        String mine = "racer-" + i;
        outcomes.add(pool.submit(() -> {
          start.await();
          return settings.replaceIf("cert:bb", "2", mine);
        }));
      }
      start.countDown();
      int won = 0;
      for (Future<Boolean> outcome : outcomes) {
        won += outcome.get() ? 1 : 0;
      }
      assertThat(won).isEqualTo(1);
      assertThat(settings.get("cert:bb")).startsWith("racer-");
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void putIfAbsentKeepsTheFirstValueAndPutReplacesIt() {
    assertThat(settings.putIfAbsent("join-token", "first")).isEqualTo("first");
    assertThat(settings.putIfAbsent("join-token", "second")).isEqualTo("first");
    settings.put("join-token", "third");
    assertThat(settings.get("join-token")).isEqualTo("third");
  }

  @Test
  void aMoveIsAllOrNothing() {
    settings.put("ca:staged", "new");
    settings.put("ca:current", "old");
    assertThat(settings.move("ca:staged", "ca:current", "other", "ca:retired", "old")).isFalse();
    assertThat(settings.move("ca:absent", "ca:current", "old", "ca:retired", "old")).isFalse();
    assertThat(settings.get("ca:staged")).isEqualTo("new");
    assertThat(settings.get("ca:retired")).isNull();

    assertThat(settings.move("ca:staged", "ca:current", "old", "ca:retired", "old")).isTrue();
    assertThat(settings.get("ca:current")).isEqualTo("new");
    assertThat(settings.get("ca:staged")).isNull();
    assertThat(settings.get("ca:retired")).isEqualTo("old");
  }
}
