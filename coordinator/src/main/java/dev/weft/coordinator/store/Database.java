package dev.weft.coordinator.store;

import dev.weft.coordinator.error.StoreException;
import dev.weft.coordinator.settings.Settings;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The durable key-value table under every Hazelcast map, {@code entries(map, k, rev, json)}, plus the cluster-wide
 * {@link #settings() settings} such as the tokens; its schema comes from {@link SchemaMigrations}. Either an H2 file in the data dir (one member) or a PostgreSQL
 * database that every member shares; the database is the final arbiter between members (issue 4):
 *
 * <ul>
 *   <li>{@link #write} stores revision n of an entry only over revision n−1 ({@code UPDATE … WHERE rev = n−1}, or an
 *   {@code INSERT} relying on the primary key for a new entry), so a stale member's write fails instead of
 *   overwriting;
 *   <li>every statement commits before it returns (autocommit; H2 with {@code WRITE_DELAY=0}), so a write Hazelcast
 *   acknowledged survives a crash of every member.
 * </ul>
 *
 * <p>Thread-safe: a small connection pool; Hazelcast calls the store from its partition threads.
 */
public final class Database implements AutoCloseable {
  /** Keys per query when loading many entries. */
  private static final int LOAD_BATCH = 500;

  private final SqlPool pool;
  private final Settings settings;

  private Database(SqlPool pool) {
    this.pool = pool;
    this.settings = new SqlSettings(pool);
  }

  /** Opens (creating when absent) the H2 database {@code weft.mv.db} in {@code dataDir}. */
  public static Database embedded(Path dataDir) {
    String url = "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("weft") + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE";
    return open(url, "weft", "", true, "the database in " + dataDir);
  }

  /**
   * Connects to {@code postgresql://USER:PASS@HOST:PORT/DB} and migrates its schema.
   *
   * @throws StoreException when the database cannot be reached or the URL is malformed
   */
  public static Database postgres(String url) {
    URI uri = URI.create(url);
    String userInfo = uri.getRawUserInfo() == null ? "" : uri.getRawUserInfo();
    int colon = userInfo.indexOf(':');
    String user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
    String password = colon < 0 ? "" : decode(userInfo.substring(colon + 1));
    int port = uri.getPort() < 0 ? 5432 : uri.getPort();
    // A query such as ?currentSchema=NAME passes through to the driver (tests use a schema each).
    String jdbc = "jdbc:postgresql://" + uri.getHost() + ":" + port + uri.getRawPath()
        + "?connectTimeout=5&socketTimeout=15&tcpKeepAlive=true" + (uri.getRawQuery() == null ? ""
        : "&" + uri.getRawQuery());
    return open(jdbc, user, password, false, "postgresql://" + user + "@" + uri.getHost() + ":" + port
        + uri.getRawPath());
  }

  private static String decode(String text) {
    return URLDecoder.decode(text, StandardCharsets.UTF_8);
  }

  private static Database open(String jdbc, String user, String password, boolean h2, String name) {
    SqlPool pool = SqlPool.open(jdbc, user, password, h2, name);
    try {
      SchemaMigrations.migrate(pool);
    } catch (StoreException e) {
      pool.close();
      throw new StoreException("cannot open " + name + ": " + e.getMessage(), e);
    }
    return new Database(pool);
  }

  /** Where the data lives, without the password. */
  public String name() {
    return pool.name();
  }

  /** The cluster-wide settings, in the same database. */
  public Settings settings() {
    return settings;
  }

  /**
   * Stores revision {@code rev} of an entry over revision {@code rev − 1}.
   *
   * @return false when the database holds another revision (the writer is stale); nothing changed then
   */
  public boolean write(String map, String key, long rev, String json) {
    return pool.committed("cannot write " + map + "/" + key, c -> {
      try (PreparedStatement s = c.prepareStatement("UPDATE entries SET json = ?, rev = ? WHERE map = ? AND k = ? "
          + "AND rev = ?")) {
        s.setString(1, json);
        s.setLong(2, rev);
        s.setString(3, map);
        s.setString(4, key);
        s.setLong(5, rev - 1);
        if (s.executeUpdate() == 1) {
          return true;
        }
      }
      if (rev != 1) {
        return false;
      }
      try (PreparedStatement s = c.prepareStatement("INSERT INTO entries (map, k, rev, json) VALUES (?, ?, ?, ?)")) {
        s.setString(1, map);
        s.setString(2, key);
        s.setLong(3, rev);
        s.setString(4, json);
        s.executeUpdate();
        return true;
      } catch (SQLException e) {
        if (SqlPool.UNIQUE_VIOLATION.equals(e.getSQLState())) {
          return false;
        }
        throw e;
      }
    });
  }

  /** Removes one entry; absent is fine. */
  public void delete(String map, String key) {
    pool.committed("cannot delete " + map + "/" + key, c -> {
      try (PreparedStatement s = c.prepareStatement("DELETE FROM entries WHERE map = ? AND k = ?")) {
        s.setString(1, map);
        s.setString(2, key);
        s.executeUpdate();
        return null;
      }
    });
  }

  /** The entry's JSON stamped with its stored revision, or null when absent. */
  public String get(String map, String key) {
    return pool.run("cannot read " + map + "/" + key, c -> {
      try (PreparedStatement s = c.prepareStatement("SELECT rev, json FROM entries WHERE map = ? AND k = ?")) {
        s.setString(1, map);
        s.setString(2, key);
        try (ResultSet rows = s.executeQuery()) {
          return rows.next() ? Revisions.stamp(rows.getString(2), rows.getLong(1)) : null;
        }
      }
    });
  }

  /**
   * The entries of {@code keys} (absent ones left out), each stamped with its revision as {@link #get} does: one query
   * per 500 keys, so a member loading 100,000 endpoints at start makes 200 round trips, not 100,000.
   */
  public Map<String, String> getAll(String map, Collection<String> keys) {
    Map<String, String> found = new HashMap<>();
    List<String> all = List.copyOf(keys);
    for (int from = 0; from < all.size(); from += LOAD_BATCH) {
      List<String> batch = all.subList(from, Math.min(all.size(), from + LOAD_BATCH));
      String marks = String.join(",", Collections.nCopies(batch.size(), "?"));
      pool.run("cannot read " + batch.size() + " entries of " + map, c -> {
        try (PreparedStatement s = c.prepareStatement("SELECT k, rev, json FROM entries WHERE map = ? AND k IN ("
            + marks + ")")) {
          s.setString(1, map);
          for (int i = 0; i < batch.size(); i++) {
            s.setString(i + 2, batch.get(i));
          }
          collect(s, found);
          return null;
        }
      });
    }
    return found;
  }

  /** Every entry of one map, key to JSON stamped with its revision, in one query. */
  public Map<String, String> entries(String map) {
    return pool.run("cannot read " + map, c -> {
      try (PreparedStatement s = c.prepareStatement("SELECT k, rev, json FROM entries WHERE map = ?")) {
        s.setString(1, map);
        s.setFetchSize(1000);
        Map<String, String> found = new HashMap<>();
        collect(s, found);
        return found;
      }
    });
  }

  private static void collect(PreparedStatement s, Map<String, String> found) throws SQLException {
    try (ResultSet rows = s.executeQuery()) {
      while (rows.next()) {
        found.put(rows.getString(1), Revisions.stamp(rows.getString(3), rows.getLong(2)));
      }
    }
  }

  /** Statements run so far, for {@code weft_store_latency_seconds}. */
  public long calls() {
    return pool.calls();
  }

  /** The total time of the statements run so far. */
  public double seconds() {
    return pool.seconds();
  }

  @Override
  public void close() {
    pool.close();
  }
}
