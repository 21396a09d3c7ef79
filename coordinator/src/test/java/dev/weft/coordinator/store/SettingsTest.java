package dev.weft.coordinator.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Settings by prefix and compare-and-set (issue 12: the hosts that joined, a host certificate's record), in H2 and
 * in PostgreSQL alike.
 */
class SettingsTest {
  @TempDir
  Path dir;

  @Test
  void h2ListsByLiteralPrefixAndReplacesOnlyOverTheValueRead() throws Exception {
    try (Database db = Database.embedded(dir)) {
      check(db);
    }
  }

  @Test
  void postgresListsByLiteralPrefixAndReplacesOnlyOverTheValueRead() throws Exception {
    String url = PostgresForTests.freshSchema(PostgresForTests.require());
    try (Database db = Database.postgres(url)) {
      check(db);
    }
  }

  private static void check(Database db) throws Exception {
    db.settings().put("cert:aa", "1");
    db.settings().put("cert:bb", "2");
    db.settings().put("certX", "not a cert");
    db.settings().put("c_rt:zz", "underscore is no wildcard");
    db.settings().put("revoked:aa", "t");
    assertThat(db.settings().startingWith("cert:")).containsExactly(java.util.Map.entry("cert:aa", "1"),
        java.util.Map.entry("cert:bb", "2"));
    assertThat(db.settings().startingWith("c_rt")).containsOnlyKeys("c_rt:zz");
    assertThat(db.settings().startingWith("%")).isEmpty();
    assertThat(db.settings().startingWith("none:")).isEmpty();

    assertThat(db.settings().replaceIf("cert:aa", "1", "3")).isTrue();
    assertThat(db.settings().replaceIf("cert:aa", "1", "4")).as("over a value no longer there").isFalse();
    assertThat(db.settings().replaceIf("cert:absent", "1", "4")).isFalse();
    assertThat(db.settings().get("cert:aa")).isEqualTo("3");
    assertThat(db.settings().get("cert:absent")).isNull();

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
          return db.settings().replaceIf("cert:bb", "2", mine);
        }));
      }
      start.countDown();
      int won = 0;
      for (Future<Boolean> outcome : outcomes) {
        won += outcome.get() ? 1 : 0;
      }
      assertThat(won).isEqualTo(1);
      assertThat(db.settings().get("cert:bb")).startsWith("racer-");
    } finally {
      pool.shutdownNow();
    }
  }
}
