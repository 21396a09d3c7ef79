package dev.weft.coordinator.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.coordinator.cluster.ClusterLab.Member;
import dev.weft.coordinator.store.ContainerPostgres;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What the README promises for a PostgreSQL outage ("Running several coordinators"): writes fail with 503
 * {@code the store is unavailable; nothing was changed}, nothing is half-written, agents keep their sessions, and
 * once the database is back writes succeed again without restarting the coordinator. The database is a container of
 * its own (Testcontainers, {@link ContainerPostgres}) that the test kills (a dead database: connections reset, new ones
 * refused) or pauses (a hung one: connections open, nothing answers).
 */
class StoreOutageTest {
  private static final String UNAVAILABLE = "the store is unavailable; nothing was changed";
  private static final Duration START = Duration.ofSeconds(90);
  /** Longer than the store's own bounds (5 s to connect, 15 s a statement), so that the member answers first. */
  private static final Duration ANSWER = Duration.ofSeconds(60);

  enum Outage {
    DEAD, HUNG
  }

  @TempDir
  Path dir;

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

  @ParameterizedTest
  @EnumSource(Outage.class)
  void aWriteDuringAnOutageIs503AndChangesNothingAndWritesWorkAgainWhenTheDatabaseIsBack(Outage outage) {
    try (ContainerPostgres pg = ContainerPostgres.start(); ClusterLab lab = new ClusterLab(pg.url(), dir, 1);
         ChaosAgent agent = new ChaosAgent("host-a", "192.0.2.1")) {
      lab.startAll(START);
      Member m = lab.member(0);
      String admin = m.adminToken();
      assertThat(post(m, "/v1/networks", "{\"name\":\"before\"}", admin).statusCode()).isEqualTo(201);
      assertThat(agent.connect(m.httpPort, m.joinToken(), List.of())).as("agent welcomed").isTrue();

      if (outage == Outage.DEAD) {
        pg.kill();
      } else {
        pg.pause();
      }
      HttpResponse<String> during = post(m, "/v1/networks", "{\"name\":\"during\"}", admin);
      assertThat(during.statusCode()).as(during.body()).isEqualTo(503);
      assertThat(error(during)).startsWith(UNAVAILABLE);
      HttpResponse<String> blue = post(m, "/v1/networks", "{\"name\":\"blue\",\"subnet\":\"10.77.0.0/16\"}", admin);
      assertThat(blue.statusCode()).as(blue.body()).isEqualTo(503);
      assertThat(lab.logLines("store failure on POST /v1/networks")).isPositive();

      if (outage == Outage.DEAD) {
        pg.startAgain();
      } else {
        pg.unpause();
      }
      // the same process: no restart needed
      assertThat(m.alive()).isTrue();
      HttpResponse<String> after = eventually201(m, "{\"name\":\"after\"}", admin);
      assertThat(after.statusCode()).as(after.body()).isEqualTo(201);

      // nothing of the refused writes: not served, and no row in the database mentions them
      assertThat(get(m, "/v1/networks/during", admin).statusCode()).isEqualTo(404);
      assertThat(get(m, "/v1/networks/blue", admin).statusCode()).isEqualTo(404);
      assertThat(rowsMentioning(lab, "during")).isEmpty();
      assertThat(rowsMentioning(lab, "10.77.")).isEmpty();
      assertThat(ClusterFailureTest.storedNetworks(lab)).containsOnlyKeys("before", "after");
      // the names and the subnet are free: nothing half-made holds them
      assertThat(post(m, "/v1/networks", "{\"name\":\"during\"}", admin).statusCode()).isEqualTo(201);
      HttpResponse<String> blueAgain = post(m, "/v1/networks", "{\"name\":\"blue\",\"subnet\":\"10.77.0.0/16\"}",
          admin);
      assertThat(blueAgain.statusCode()).as(blueAgain.body()).isEqualTo(201);
      assertThat(ClusterFailureTest.storedNetworks(lab)).containsOnlyKeys("before", "after", "during", "blue");

      // the agent goes on: on its session, or after a reconnect, it gets blocks again
      if (!agent.connected()) {
        assertThat(agent.connect(m.httpPort, m.joinToken(), List.of())).as("agent reconnects").isTrue();
      }
      assertThat(agent.block("during", List.of(), new ArrayList<>())).as("a block of during after the outage")
          .isNotNull();
    }
  }

  private HttpResponse<String> eventually201(Member m, String body, String admin) {
    long deadline = System.nanoTime() + ANSWER.toNanos();
    HttpResponse<String> r = post(m, "/v1/networks", body, admin);
    while (r.statusCode() != 201 && System.nanoTime() < deadline) {
      ClusterLab.sleep(500);
      r = post(m, "/v1/networks", body, admin);
    }
    return r;
  }

  /** Every row of the lab's schema whose key or JSON contains {@code text}, as "map/key". */
  private static List<String> rowsMentioning(ClusterLab lab, String text) {
    List<String> rows = new ArrayList<>();
    try (Connection c = ClusterLab.connect(lab.pg);
         PreparedStatement s = c.prepareStatement("SELECT map, k FROM entries WHERE json LIKE ? OR k LIKE ?")) {
      s.setString(1, "%" + text + "%");
      s.setString(2, "%" + text + "%");
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          rows.add(r.getString(1) + "/" + r.getString(2));
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the entries: " + e.getMessage(), e);
    }
    return rows;
  }

  private static String error(HttpResponse<String> r) {
    try {
      JsonNode json = ClusterLab.JSON.readTree(r.body());
      return json.path("error").asText(r.body());
    } catch (IOException e) {
      return r.body();
    }
  }

  private HttpResponse<String> post(Member m, String path, String body, String token) {
    return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + m.httpPort + path))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)), token);
  }

  private HttpResponse<String> get(Member m, String path, String token) {
    return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + m.httpPort + path)).GET(), token);
  }

  private HttpResponse<String> send(HttpRequest.Builder request, String token) {
    try {
      return http.send(request.timeout(ANSWER).header("Authorization", "Bearer " + token).build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new AssertionError("no answer within " + ANSWER + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
