package dev.weft.coordinator.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The versioned schema: a database made by the DDL of before {@code schema_version} migrates with its rows intact,
 * a migrated one is left alone, and members starting together on one empty PostgreSQL each open it.
 */
class SchemaMigrationsTest {
  @TempDir
  Path dir;

  /** The DDL every Weft before versioned migrations ran at start. */
  private static void legacySchema(Connection c, boolean h2) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS entries (map VARCHAR(64) NOT NULL, k VARCHAR(512) NOT NULL, json "
          + (h2 ? "CLOB" : "TEXT") + " NOT NULL, PRIMARY KEY (map, k))");
      s.execute("ALTER TABLE entries ADD COLUMN IF NOT EXISTS rev BIGINT DEFAULT 0 NOT NULL");
      s.execute("CREATE TABLE IF NOT EXISTS meta (k VARCHAR(128) NOT NULL PRIMARY KEY, v VARCHAR(4096) NOT NULL)");
      s.execute("INSERT INTO entries (map, k, rev, json) VALUES ('networks', 'catalog', 4, '{\"a\":1}')");
      s.execute("INSERT INTO meta (k, v) VALUES ('join-token', 'old-token')");
    }
  }

  @Test
  void h2MadeByTheLegacyDdlMigratesWithItsRows() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + dir.toAbsolutePath().resolve("weft"), "weft",
        "")) {
      legacySchema(c, true);
    }
    try (Database db = Database.embedded(dir)) {
      checkMigrated(db);
    }
    try (Database db = Database.embedded(dir)) {
      assertThat(db.settings().get("join-token")).isEqualTo("old-token");
    }
  }

  @Test
  void postgresMadeByTheLegacyDdlMigratesWithItsRows() throws Exception {
    String url = PostgresForTests.freshSchema(PostgresForTests.require());
    try (Connection c = jdbc(url)) {
      legacySchema(c, false);
    }
    try (Database db = Database.postgres(url)) {
      checkMigrated(db);
    }
    try (Connection c = jdbc(url)) {
      assertThat(versions(c)).containsExactly(1, 2, 3);
    }
  }

  @Test
  void membersStartingTogetherOnAnEmptyPostgresEachOpenIt() throws Exception {
    String url = PostgresForTests.freshSchema(PostgresForTests.require());
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Database>> opening = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        opening.add(pool.submit(() -> Database.postgres(url)));
      }
      for (Future<Database> each : opening) {
        try (Database db = each.get()) {
          assertThat(db.settings().putIfAbsent("k", "v")).isEqualTo("v");
        }
      }
    } finally {
      pool.shutdownNow();
    }
    try (Connection c = jdbc(url)) {
      assertThat(versions(c)).containsExactly(1, 2, 3);
    }
  }

  private static void checkMigrated(Database db) {
    assertThat(db.get("networks", "catalog")).isEqualTo(Revisions.stamp("{\"a\":1}", 4));
    assertThat(db.settings().get("join-token")).isEqualTo("old-token");
    assertThat(db.write("networks", "catalog", 5, "{\"a\":2}")).isTrue();
    assertThat(SchemaMigrations.latest()).isEqualTo(3);
  }

  private static List<Integer> versions(Connection c) throws SQLException {
    List<Integer> found = new ArrayList<>();
    try (Statement s = c.createStatement();
         ResultSet rows = s.executeQuery("SELECT version FROM schema_version ORDER BY version")) {
      while (rows.next()) {
        found.add(rows.getInt(1));
      }
    }
    return found;
  }

  /** A JDBC connection to a store URL with {@code ?currentSchema=}. */
  private static Connection jdbc(String url) throws SQLException {
    URI uri = URI.create(url);
    String[] user = uri.getUserInfo().split(":", 2);
    return DriverManager.getConnection("jdbc:postgresql://" + uri.getHost() + ":" + uri.getPort() + uri.getPath()
        + "?" + uri.getQuery(), user[0], user.length > 1 ? user[1] : "");
  }
}
