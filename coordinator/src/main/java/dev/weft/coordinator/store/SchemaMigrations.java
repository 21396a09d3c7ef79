package dev.weft.coordinator.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.function.Function;

/**
 * The database's schema as ordered, numbered steps, recorded in {@code schema_version(version)}: at start every step
 * above the highest recorded version runs once, in order, and is recorded. Several members starting together on one
 * PostgreSQL take turns through an advisory lock, so each step runs once; H2 has one member.
 *
 * <p>Every step is written so that it also holds on a database made before this table existed (the first three steps
 * are the DDL of that time, {@code IF NOT EXISTS}): such a database is recorded at version 3 with nothing changed. A
 * new step is appended, never edited.
 */
final class SchemaMigrations {
  /** Any fixed number: the advisory lock Weft's members take while migrating. */
  private static final long LOCK = 0x57656674L;

  /** One step: its version and its statements, given whether the database is H2. */
  record Step(int version, Function<Boolean, List<String>> statements) {
  }

  static final List<Step> STEPS = List.of(
      new Step(1, h2 -> List.of("CREATE TABLE IF NOT EXISTS entries (map VARCHAR(64) NOT NULL, k VARCHAR(512) NOT "
          + "NULL, json " + (h2 ? "CLOB" : "TEXT") + " NOT NULL, PRIMARY KEY (map, k))")),
      new Step(2, h2 -> List.of("ALTER TABLE entries ADD COLUMN IF NOT EXISTS rev BIGINT DEFAULT 0 NOT NULL")),
      new Step(3, h2 -> List.of(
          "CREATE TABLE IF NOT EXISTS meta (k VARCHAR(128) NOT NULL PRIMARY KEY, v VARCHAR(4096) NOT NULL)")));

  private SchemaMigrations() {
  }

  /** The highest version a database is migrated to. */
  static int latest() {
    return STEPS.get(STEPS.size() - 1).version();
  }

  /**
   * Runs the steps the database lacks.
   *
   * @return the versions run now, in order (empty when it was up to date)
   */
  static List<Integer> migrate(SqlPool pool) {
    return pool.run("cannot migrate the schema of " + pool.name(), c -> {
      boolean h2 = pool.h2();
      if (!h2) {
        lock(c, "SELECT pg_advisory_lock(?)");
      }
      try {
        return runMissing(c, h2);
      } finally {
        if (!h2) {
          lock(c, "SELECT pg_advisory_unlock(?)");
        }
      }
    });
  }

  private static List<Integer> runMissing(Connection c, boolean h2) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS schema_version (version INT NOT NULL PRIMARY KEY)");
    }
    int current = version(c);
    List<Integer> ran = new java.util.ArrayList<>();
    for (Step step : STEPS) {
      if (step.version() <= current) {
        continue;
      }
      try (Statement s = c.createStatement()) {
        for (String sql : step.statements().apply(h2)) {
          s.execute(sql);
        }
      }
      try (PreparedStatement s = c.prepareStatement("INSERT INTO schema_version (version) VALUES (?)")) {
        s.setInt(1, step.version());
        s.executeUpdate();
      }
      ran.add(step.version());
    }
    return ran;
  }

  /** The highest version recorded, 0 for a database made before versions were recorded (or an empty one). */
  static int version(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
         ResultSet rows = s.executeQuery("SELECT COALESCE(MAX(version), 0) FROM schema_version")) {
      rows.next();
      return rows.getInt(1);
    }
  }

  private static void lock(Connection c, String sql) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      s.setLong(1, LOCK);
      s.executeQuery().close();
    }
  }
}
