package dev.weft.coordinator.store;

import dev.weft.coordinator.settings.Settings;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@link Settings} in the {@code meta(k, v)} table. Writes that must not fail on an existing key say so to the
 * database ({@code ON CONFLICT} in PostgreSQL, {@code MERGE} in H2) rather than catching a unique violation, so that
 * PostgreSQL logs no error in steady state.
 */
final class SqlSettings implements Settings {
  private final SqlPool pool;

  SqlSettings(SqlPool pool) {
    this.pool = pool;
  }

  @Override
  public String get(String key) {
    return pool.run("cannot read " + key, c -> read(c, key));
  }

  @Override
  public String putIfAbsent(String key, String candidate) {
    return pool.run("cannot settle " + key, c -> {
      String stored = read(c, key);
      if (stored != null) {
        return stored;
      }
      insertIfAbsent(c, key, candidate);
      return read(c, key);
    });
  }

  private void insertIfAbsent(Connection c, String key, String value) throws SQLException {
    if (!pool.h2()) {
      try (PreparedStatement s = c.prepareStatement("INSERT INTO meta (k, v) VALUES (?, ?) ON CONFLICT (k) DO NOTHING")) {
        s.setString(1, key);
        s.setString(2, value);
        s.executeUpdate();
      }
      return;
    }
    // H2: one member only, so no other writer races this insert; a violation is still an answer, not a failure.
    try (PreparedStatement s = c.prepareStatement("INSERT INTO meta (k, v) VALUES (?, ?)")) {
      s.setString(1, key);
      s.setString(2, value);
      s.executeUpdate();
    } catch (SQLException e) {
      if (!SqlPool.UNIQUE_VIOLATION.equals(e.getSQLState())) {
        throw e;
      }
    }
  }

  @Override
  public void put(String key, String value) {
    pool.committed("cannot store " + key, c -> {
      upsert(c, key, value);
      return null;
    });
  }

  private void upsert(Connection c, String key, String value) throws SQLException {
    String sql = pool.h2() ? "MERGE INTO meta (k, v) KEY (k) VALUES (?, ?)"
        : "INSERT INTO meta (k, v) VALUES (?, ?) ON CONFLICT (k) DO UPDATE SET v = EXCLUDED.v";
    try (PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, key);
      s.setString(2, value);
      s.executeUpdate();
    }
  }

  @Override
  public boolean replaceIf(String key, String expected, String value) {
    return pool.run("cannot replace " + key, c -> {
      try (PreparedStatement s = c.prepareStatement("UPDATE meta SET v = ? WHERE k = ? AND v = ?")) {
        s.setString(1, value);
        s.setString(2, key);
        s.setString(3, expected);
        return s.executeUpdate() == 1;
      }
    });
  }

  @Override
  public boolean move(String from, String to, String expected, String archiveKey, String archive) {
    return pool.committed("cannot move " + from + " to " + to, c -> {
      try (PreparedStatement move = c.prepareStatement(
          "UPDATE meta SET v = (SELECT v FROM meta WHERE k = ?) WHERE k = ? AND v = ? "
              + "AND EXISTS (SELECT 1 FROM meta WHERE k = ?)")) {
        move.setString(1, from);
        move.setString(2, to);
        move.setString(3, expected);
        move.setString(4, from);
        if (move.executeUpdate() != 1) {
          return false;
        }
      }
      try (PreparedStatement remove = c.prepareStatement("DELETE FROM meta WHERE k = ?")) {
        remove.setString(1, from);
        remove.executeUpdate();
      }
      upsert(c, archiveKey, archive);
      return true;
    });
  }

  @Override
  public Map<String, String> startingWith(String prefix) {
    return pool.run("cannot list settings " + prefix + "*", c -> {
      try (PreparedStatement s = c.prepareStatement("SELECT k, v FROM meta WHERE k LIKE ? ESCAPE '!' ORDER BY k")) {
        s.setString(1, prefix.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%");
        Map<String, String> found = new LinkedHashMap<>();
        try (ResultSet rows = s.executeQuery()) {
          while (rows.next()) {
            found.put(rows.getString(1), rows.getString(2));
          }
        }
        return found;
      }
    });
  }

  private static String read(Connection c, String key) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT v FROM meta WHERE k = ?")) {
      s.setString(1, key);
      try (ResultSet rows = s.executeQuery()) {
        return rows.next() ? rows.getString(1) : null;
      }
    }
  }
}
