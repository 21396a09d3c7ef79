package dev.weft.coordinator.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The durable key-value table under every Hazelcast map: one H2 file database in the data dir with one table
 * {@code entries(map, key, json)}. {@code WRITE_DELAY=0} makes every commit reach the file before the call returns,
 * so a write Hazelcast acknowledged (write-through) survives a crash of the process.
 *
 * <p>One connection, guarded by this object's monitor: Hazelcast calls the store from partition threads, and the
 * write rate of the control plane is small next to what one H2 connection sustains.
 */
public final class EmbeddedDatabase implements AutoCloseable {
  private final Connection connection;

  private EmbeddedDatabase(Connection connection) {
    this.connection = connection;
  }

  /**
   * Opens (creating when absent) the database {@code weft.mv.db} in {@code dataDir}.
   *
   * @throws StoreException when the file cannot be opened, for example while another process holds it
   */
  public static EmbeddedDatabase open(Path dataDir) {
    String url = "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("weft") + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE";
    try {
      Connection connection = DriverManager.getConnection(url, "weft", "");
      connection.setAutoCommit(true);
      try (Statement statement = connection.createStatement()) {
        statement.execute("CREATE TABLE IF NOT EXISTS entries (map VARCHAR(64) NOT NULL, k VARCHAR(512) NOT NULL, "
            + "json CLOB NOT NULL, PRIMARY KEY (map, k))");
      }
      return new EmbeddedDatabase(connection);
    } catch (SQLException e) {
      throw new StoreException("cannot open the database in " + dataDir + ": " + e.getMessage(), e);
    }
  }

  /** Inserts or replaces one entry. */
  public synchronized void put(String map, String key, String json) {
    try (PreparedStatement s = connection.prepareStatement("MERGE INTO entries (map, k, json) KEY (map, k) VALUES (?, ?, ?)")) {
      s.setString(1, map);
      s.setString(2, key);
      s.setString(3, json);
      s.executeUpdate();
    } catch (SQLException e) {
      throw new StoreException("cannot write " + map + "/" + key + ": " + e.getMessage(), e);
    }
  }

  /** Inserts or replaces several entries in one transaction. */
  public synchronized void putAll(String map, Map<String, String> entries) {
    inTransaction(() -> entries.forEach((k, v) -> put(map, k, v)));
  }

  /** Removes one entry; absent is fine. */
  public synchronized void delete(String map, String key) {
    try (PreparedStatement s = connection.prepareStatement("DELETE FROM entries WHERE map = ? AND k = ?")) {
      s.setString(1, map);
      s.setString(2, key);
      s.executeUpdate();
    } catch (SQLException e) {
      throw new StoreException("cannot delete " + map + "/" + key + ": " + e.getMessage(), e);
    }
  }

  /** Removes several entries in one transaction. */
  public synchronized void deleteAll(String map, Collection<String> keys) {
    inTransaction(() -> keys.forEach(k -> delete(map, k)));
  }

  /** The entry's JSON, or null when absent. */
  public synchronized String get(String map, String key) {
    try (PreparedStatement s = connection.prepareStatement("SELECT json FROM entries WHERE map = ? AND k = ?")) {
      s.setString(1, map);
      s.setString(2, key);
      try (ResultSet rows = s.executeQuery()) {
        return rows.next() ? rows.getString(1) : null;
      }
    } catch (SQLException e) {
      throw new StoreException("cannot read " + map + "/" + key + ": " + e.getMessage(), e);
    }
  }

  /** The entries among {@code keys} that exist. */
  public synchronized Map<String, String> getAll(String map, Collection<String> keys) {
    Map<String, String> found = new HashMap<>();
    for (String key : keys) {
      String json = get(map, key);
      if (json != null) {
        found.put(key, json);
      }
    }
    return found;
  }

  /** Every key of one map; empty when none. */
  public synchronized List<String> keys(String map) {
    try (PreparedStatement s = connection.prepareStatement("SELECT k FROM entries WHERE map = ?")) {
      s.setString(1, map);
      List<String> keys = new ArrayList<>();
      try (ResultSet rows = s.executeQuery()) {
        while (rows.next()) {
          keys.add(rows.getString(1));
        }
      }
      return keys;
    } catch (SQLException e) {
      throw new StoreException("cannot list " + map + ": " + e.getMessage(), e);
    }
  }

  @Override
  public synchronized void close() {
    try {
      if (!connection.isClosed()) {
        try (Statement statement = connection.createStatement()) {
          statement.execute("SHUTDOWN");
        }
      }
    } catch (SQLException e) {
      throw new StoreException("cannot close the database: " + e.getMessage(), e);
    }
  }

  private void inTransaction(Runnable work) {
    try {
      connection.setAutoCommit(false);
      try {
        work.run();
        connection.commit();
      } catch (RuntimeException e) {
        connection.rollback();
        throw e;
      } finally {
        connection.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw new StoreException("transaction failed: " + e.getMessage(), e);
    }
  }
}
