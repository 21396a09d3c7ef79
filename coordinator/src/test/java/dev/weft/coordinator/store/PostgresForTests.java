package dev.weft.coordinator.store;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The tests' PostgreSQL ({@link ContainerPostgres#shared}: a container, or {@code WEFT_TEST_PG}): required under
 * CI=true, skipped elsewhere.
 */
final class PostgresForTests {
  private PostgresForTests() {
  }

  static String require() {
    return ContainerPostgres.shared();
  }

  /** A fresh schema in that database, as a store URL; tests sharing one PostgreSQL never see each other's rows. */
  static String freshSchema(String url) {
    String schema = "weft_test_" + ProcessHandle.current().pid() + "_" + System.nanoTime() % 1_000_000;
    try (Connection c = connect(url); Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + schema);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return url + "?currentSchema=" + schema;
  }

  private static Connection connect(String url) throws SQLException {
    URI uri = URI.create(url);
    String[] user = uri.getUserInfo().split(":", 2);
    return DriverManager.getConnection("jdbc:postgresql://" + uri.getHost() + ":" + uri.getPort() + uri.getPath(),
        user[0], user.length > 1 ? user[1] : "");
  }
}
