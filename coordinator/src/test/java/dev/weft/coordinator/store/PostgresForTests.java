package dev.weft.coordinator.store;

import static org.junit.jupiter.api.Assertions.fail;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Assumptions;

/** The PostgreSQL of {@code WEFT_TEST_PG}: required under CI=true (.ci/run starts one), skipped elsewhere. */
final class PostgresForTests {
  private PostgresForTests() {
  }

  static String require() {
    String url = System.getenv().getOrDefault("WEFT_TEST_PG", "postgresql://weft:weft@127.0.0.1:5432/weft");
    try (Connection c = connect(url)) {
      return url;
    } catch (SQLException e) {
      String why = "no PostgreSQL at " + url + " (set WEFT_TEST_PG; .ci/run starts one): " + e.getMessage();
      if ("true".equals(System.getenv("CI"))) {
        fail(why);
      }
      Assumptions.abort(why);
      return null;
    }
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
