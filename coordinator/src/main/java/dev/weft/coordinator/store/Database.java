package dev.weft.coordinator.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The durable key-value table under every Hazelcast map, {@code entries(map, k, rev, json)}, plus {@code meta(k, v)}
 * for cluster-wide settings such as the tokens. Either an H2 file in the data dir (one member) or a PostgreSQL
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
  private static final String UNIQUE_VIOLATION = "23505";

  private final HikariDataSource pool;
  private final boolean h2;
  private final String name;
  private final AtomicLong calls = new AtomicLong();
  private final AtomicLong nanos = new AtomicLong();

  private Database(HikariDataSource pool, boolean h2, String name) {
    this.pool = pool;
    this.h2 = h2;
    this.name = name;
  }

  /** Opens (creating when absent) the H2 database {@code weft.mv.db} in {@code dataDir}. */
  public static Database embedded(Path dataDir) {
    String url = "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("weft") + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE";
    return open(url, "weft", "", true, "the database in " + dataDir);
  }

  /**
   * Connects to {@code postgresql://USER:PASS@HOST:PORT/DB} and creates the tables when absent.
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
    return java.net.URLDecoder.decode(text, java.nio.charset.StandardCharsets.UTF_8);
  }

  private static Database open(String jdbc, String user, String password, boolean h2, String name) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(jdbc);
    config.setUsername(user);
    config.setPassword(password);
    config.setMaximumPoolSize(h2 ? 2 : 6);
    config.setMinimumIdle(1);
    config.setConnectionTimeout(5000);
    config.setInitializationFailTimeout(10_000);
    config.setAutoCommit(true);
    config.setPoolName("weft-db");
    HikariDataSource pool;
    try {
      pool = new HikariDataSource(config);
    } catch (RuntimeException e) {
      throw new StoreException("cannot open " + name + ": " + rootMessage(e), e);
    }
    Database database = new Database(pool, h2, name);
    try {
      createSchema(pool, h2);
    } catch (SQLException e) {
      pool.close();
      throw new StoreException("cannot open " + name + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      pool.close();
      throw new StoreException("cannot open " + name + ": " + rootMessage(e), e);
    }
    return database;
  }

  /**
   * Creates the tables when absent. Members started together on an empty PostgreSQL race here, and PostgreSQL's
   * {@code CREATE TABLE IF NOT EXISTS} is not safe against a concurrent create (a duplicate key in its catalog): a
   * failed attempt is retried, by then the other member's tables exist.
   */
  private static void createSchema(HikariDataSource pool, boolean h2) throws SQLException {
    for (int attempt = 1; ; attempt++) {
      try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
        s.execute("CREATE TABLE IF NOT EXISTS entries (map VARCHAR(64) NOT NULL, k VARCHAR(512) NOT NULL, json "
            + (h2 ? "CLOB" : "TEXT") + " NOT NULL, PRIMARY KEY (map, k))");
        s.execute("ALTER TABLE entries ADD COLUMN IF NOT EXISTS rev BIGINT DEFAULT 0 NOT NULL");
        s.execute("CREATE TABLE IF NOT EXISTS meta (k VARCHAR(128) NOT NULL PRIMARY KEY, v VARCHAR(4096) NOT NULL)");
        return;
      } catch (SQLException e) {
        if (attempt >= 5) {
          throw e;
        }
        try {
          Thread.sleep(200L * attempt);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage();
  }

  /** Where the data lives, without the password. */
  public String name() {
    return name;
  }

  /**
   * Stores revision {@code rev} of an entry over revision {@code rev − 1}.
   *
   * @return false when the database holds another revision (the writer is stale); nothing changed then
   */
  public boolean write(String map, String key, long rev, String json) {
    return timed(() -> {
      try (Connection c = pool.getConnection()) {
        return committed(c, () -> {
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
          try (PreparedStatement s = c.prepareStatement(
              "INSERT INTO entries (map, k, rev, json) VALUES (?, ?, ?, ?)")) {
            s.setString(1, map);
            s.setString(2, key);
            s.setLong(3, rev);
            s.setString(4, json);
            s.executeUpdate();
            return true;
          } catch (SQLException e) {
            if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
              return false;
            }
            throw e;
          }
        });
      }
    }, "cannot write " + map + "/" + key);
  }

  /**
   * Runs {@code work} in a transaction of its own and commits it. Why not autocommit: a statement sent to a database
   * that hangs (frozen, not dead) waits in its socket buffer; the driver gives up after its socket timeout and the
   * caller answers "nothing was changed", but a database that wakes up would still run an autocommitted statement and
   * keep it. In a transaction it runs uncommitted, the COMMIT is never sent, and the closed connection rolls it back.
   */
  private static <T> T committed(Connection c, Sql<T> work) throws SQLException {
    c.setAutoCommit(false);
    try {
      T result = work.run();
      c.commit();
      return result;
    } catch (SQLException | RuntimeException e) {
      try {
        c.rollback();
      } catch (SQLException rollback) {
        e.addSuppressed(rollback);
      }
      throw e;
    } finally {
      try {
        c.setAutoCommit(true);
      } catch (SQLException e) {
        // a broken connection: the pool drops it
      }
    }
  }

  /** Removes one entry; absent is fine. */
  public void delete(String map, String key) {
    timed(() -> {
      try (Connection c = pool.getConnection()) {
        return committed(c, () -> {
          try (PreparedStatement s = c.prepareStatement("DELETE FROM entries WHERE map = ? AND k = ?")) {
            s.setString(1, map);
            s.setString(2, key);
            s.executeUpdate();
            return null;
          }
        });
      }
    }, "cannot delete " + map + "/" + key);
  }

  /** The entry's JSON stamped with its stored revision, or null when absent. */
  public String get(String map, String key) {
    return timed(() -> {
      try (Connection c = pool.getConnection();
           PreparedStatement s = c.prepareStatement("SELECT rev, json FROM entries WHERE map = ? AND k = ?")) {
        s.setString(1, map);
        s.setString(2, key);
        try (ResultSet rows = s.executeQuery()) {
          return rows.next() ? Revisions.stamp(rows.getString(2), rows.getLong(1)) : null;
        }
      }
    }, "cannot read " + map + "/" + key);
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
      String marks = String.join(",", java.util.Collections.nCopies(batch.size(), "?"));
      timed(() -> {
        try (Connection c = pool.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT k, rev, json FROM entries WHERE map = ? AND k IN ("
                 + marks + ")")) {
          s.setString(1, map);
          for (int i = 0; i < batch.size(); i++) {
            s.setString(i + 2, batch.get(i));
          }
          try (ResultSet rows = s.executeQuery()) {
            while (rows.next()) {
              found.put(rows.getString(1), Revisions.stamp(rows.getString(3), rows.getLong(2)));
            }
          }
          return null;
        }
      }, "cannot read " + batch.size() + " entries of " + map);
    }
    return found;
  }

  /** Every entry of one map, key to JSON stamped with its revision, in one query. */
  public Map<String, String> entries(String map) {
    return timed(() -> {
      try (Connection c = pool.getConnection();
           PreparedStatement s = c.prepareStatement("SELECT k, rev, json FROM entries WHERE map = ?")) {
        s.setString(1, map);
        s.setFetchSize(1000);
        Map<String, String> found = new HashMap<>();
        try (ResultSet rows = s.executeQuery()) {
          while (rows.next()) {
            found.put(rows.getString(1), Revisions.stamp(rows.getString(3), rows.getLong(2)));
          }
        }
        return found;
      }
    }, "cannot read " + map);
  }

  /**
   * The cluster-wide value of a setting: {@code candidate} when this call is the first to set it, else the value
   * stored earlier (by any member). Atomic through the primary key.
   */
  public String settle(String key, String candidate) {
    return timed(() -> {
      try (Connection c = pool.getConnection()) {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO meta (k, v) VALUES (?, ?)")) {
          s.setString(1, key);
          s.setString(2, candidate);
          s.executeUpdate();
        } catch (SQLException e) {
          if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
            throw e;
          }
        }
        try (PreparedStatement s = c.prepareStatement("SELECT v FROM meta WHERE k = ?")) {
          s.setString(1, key);
          try (ResultSet rows = s.executeQuery()) {
            rows.next();
            return rows.getString(1);
          }
        }
      }
    }, "cannot settle " + key);
  }

  /** A setting, or null when none was stored. */
  public String setting(String key) {
    return timed(() -> {
      try (Connection c = pool.getConnection();
           PreparedStatement s = c.prepareStatement("SELECT v FROM meta WHERE k = ?")) {
        s.setString(1, key);
        try (ResultSet rows = s.executeQuery()) {
          return rows.next() ? rows.getString(1) : null;
        }
      }
    }, "cannot read " + key);
  }

  /** Stores a setting, replacing what was there. */
  public void put(String key, String value) {
    if (!settle(key, value).equals(value)) {
      replace(key, value);
    }
  }

  /** Replaces a setting {@link #settle} made (a rotated token, issue 6). */
  public void replace(String key, String value) {
    timed(() -> {
      try (Connection c = pool.getConnection()) {
        return committed(c, () -> {
          try (PreparedStatement s = c.prepareStatement("UPDATE meta SET v = ? WHERE k = ?")) {
            s.setString(1, value);
            s.setString(2, key);
            if (s.executeUpdate() != 1) {
              throw new SQLException("no setting " + key);
            }
            return null;
          }
        });
      }
    }, "cannot replace " + key);
  }

  /** Statements run so far and their total time, for {@code weft_store_latency_seconds}. */
  public long calls() {
    return calls.get();
  }

  public double seconds() {
    return nanos.get() / 1e9;
  }

  @Override
  public void close() {
    if (h2) {
      try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
        s.execute("SHUTDOWN");
      } catch (SQLException e) {
        // closing anyway
      }
    }
    pool.close();
  }

  private interface Sql<T> {
    T run() throws SQLException;
  }

  private <T> T timed(Sql<T> work, String what) {
    long start = System.nanoTime();
    try {
      return work.run();
    } catch (SQLException e) {
      throw new StoreException(what + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      throw new StoreException(what + ": " + rootMessage(e), e);
    } finally {
      calls.incrementAndGet();
      nanos.addAndGet(System.nanoTime() - start);
    }
  }

  /**
   * Replaces a setting only while it still holds {@code expected} (compare-and-set through one {@code UPDATE}), so
   * that of two members changing one setting at once exactly one succeeds (a host certificate's renewal, issue 12).
   *
   * @return false when the setting holds another value or none
   */
  public boolean replaceIf(String key, String expected, String value) {
    return timed(() -> {
      try (Connection c = pool.getConnection();
           PreparedStatement s = c.prepareStatement("UPDATE meta SET v = ? WHERE k = ? AND v = ?")) {
        s.setString(1, value);
        s.setString(2, key);
        s.setString(3, expected);
        return s.executeUpdate() == 1;
      }
    }, "cannot replace " + key);
  }

  /**
   * Moves a setting onto another in one transaction (a CA rotation's retire, issue 12): {@code to} takes the value of
   * {@code from}, only while {@code to} still holds {@code expected}, and {@code from} is removed; then {@code archive}
   * is stored ({@link #put}'s way) under {@code archiveKey} in the same transaction. Either all of it happens or none.
   *
   * @return false when {@code from} is not set or {@code to} no longer holds {@code expected} (nothing changed)
   */
  public boolean moveSetting(String from, String to, String expected, String archiveKey, String archive) {
    return timed(() -> {
      try (Connection c = pool.getConnection()) {
        return committed(c, () -> {
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
          try (PreparedStatement update = c.prepareStatement("UPDATE meta SET v = ? WHERE k = ?")) {
            update.setString(1, archive);
            update.setString(2, archiveKey);
            if (update.executeUpdate() == 0) {
              try (PreparedStatement insert = c.prepareStatement("INSERT INTO meta (k, v) VALUES (?, ?)")) {
                insert.setString(1, archiveKey);
                insert.setString(2, archive);
                insert.executeUpdate();
              }
            }
          }
          return true;
        });
      }
    }, "cannot move " + from + " to " + to);
  }

  /**
   * Every setting whose key starts with {@code prefix}, by key (issue 12: the hosts that joined); empty when none.
   * The prefix is matched literally ({@code %} and {@code _} in it are escaped).
   */
  public Map<String, String> settingsStartingWith(String prefix) {
    return timed(() -> {
      try (Connection c = pool.getConnection();
           PreparedStatement s = c.prepareStatement("SELECT k, v FROM meta WHERE k LIKE ? ESCAPE '!' ORDER BY k")) {
        s.setString(1, prefix.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%");
        Map<String, String> found = new java.util.LinkedHashMap<>();
        try (ResultSet rows = s.executeQuery()) {
          while (rows.next()) {
            found.put(rows.getString(1), rows.getString(2));
          }
        }
        return found;
      }
    }, "cannot list settings " + prefix + "*");
  }
}
