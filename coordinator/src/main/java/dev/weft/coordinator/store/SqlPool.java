package dev.weft.coordinator.store;

import dev.weft.coordinator.error.StoreException;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The connection pool to the database and the one way statements run through it: timed (for
 * {@code weft_store_latency_seconds}), with SQL failures turned into {@link StoreException}. Thread-safe.
 */
final class SqlPool implements AutoCloseable {
  /** SQLSTATE of a unique-key violation, alike in H2 and PostgreSQL. */
  static final String UNIQUE_VIOLATION = "23505";

  private final HikariDataSource pool;
  private final boolean h2;
  private final String name;
  private final AtomicLong calls = new AtomicLong();
  private final AtomicLong nanos = new AtomicLong();

  private SqlPool(HikariDataSource pool, boolean h2, String name) {
    this.pool = pool;
    this.h2 = h2;
    this.name = name;
  }

  /** @throws StoreException when no connection can be made within the timeouts */
  static SqlPool open(String jdbc, String user, String password, boolean h2, String name) {
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
    try {
      return new SqlPool(new HikariDataSource(config), h2, name);
    } catch (RuntimeException e) {
      throw new StoreException("cannot open " + name + ": " + rootMessage(e), e);
    }
  }

  boolean h2() {
    return h2;
  }

  String name() {
    return name;
  }

  long calls() {
    return calls.get();
  }

  double seconds() {
    return nanos.get() / 1e9;
  }

  /** Work on one connection of the pool. */
  interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  /** Runs {@code work} on a pooled connection, timed. @throws StoreException naming {@code what} on failure */
  <T> T run(String what, Work<T> work) {
    long start = System.nanoTime();
    try (Connection c = pool.getConnection()) {
      return work.run(c);
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
   * {@link #run} in a transaction of its own, committed. Why not autocommit: a statement sent to a database that hangs
   * (frozen, not dead) waits in its socket buffer; the driver gives up after its socket timeout and the caller answers
   * "nothing was changed", but a database that wakes up would still run an autocommitted statement and keep it. In a
   * transaction it runs uncommitted, the COMMIT is never sent, and the closed connection rolls it back.
   */
  <T> T committed(String what, Work<T> work) {
    return run(what, c -> {
      c.setAutoCommit(false);
      try {
        T result = work.run(c);
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
    });
  }

  static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage();
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
}
