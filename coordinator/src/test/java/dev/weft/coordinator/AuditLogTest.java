package dev.weft.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code audit.log} (issue 6): one JSON line per change asked through the API, over real HTTP. */
class AuditLogTest {
  @TempDir
  Path dataDir;

  @Test
  void everyChangeIsOneLineWithWhoWhatWhenAndTheResult() {
    try (TestCoordinator weft = TestCoordinator.start(dataDir)) {
      assertThat(weft.post("/v1/networks", "{\"name\":\"audited\"}").status()).isEqualTo(201);
      assertThat(weft.send(weft.admin("/v1/networks/audited/services/web")
          .PUT(HttpRequest.BodyPublishers.noBody())).status()).isEqualTo(201);
      assertThat(weft.delete("/v1/networks/audited/services/web").status()).isEqualTo(204);
      assertThat(weft.delete("/v1/networks/audited").status()).isEqualTo(204);
      assertThat(weft.delete("/v1/networks/audited").status()).isEqualTo(404);
      assertThat(weft.post("/v1/join-token/rotate", "").status()).isEqualTo(200);
      assertThat(weft.delete("/v1/hosts/nobody").status()).isEqualTo(404);
      assertThat(weft.send(HttpRequest.newBuilder(weft.uri("/v1/networks/x")).timeout(Duration.ofSeconds(20))
          .header("Authorization", "Bearer " + weft.coordinator().readToken()).DELETE()).status()).isEqualTo(403);
      assertThat(weft.get("/v1/networks").status()).isEqualTo(200);

      List<String> expected = List.of(
          "admin-token network.create audited 201",
          "admin-token service.attach audited/web 201",
          "admin-token service.detach audited/web 204",
          "admin-token network.delete audited 204",
          "admin-token network.delete audited 404",
          "admin-token join-token.rotate join-token 200",
          "admin-token host.delete nobody 404",
          "read-token network.delete x 403");
      Eventually.until("audit lines", () -> lines(dataDir.resolve("audit.log")), got -> got.equals(expected));
      for (String line : read(dataDir.resolve("audit.log"))) {
        JsonNode json = parse(line);
        assertThat(Instant.parse(json.path("time").asText())).isBefore(Instant.now().plusSeconds(1));
      }
    }
  }

  /** Issue 12: the request of the issue, a lone surrogate in a refused join, then a normal write: both recorded. */
  @Test
  void aLoneSurrogateInARefusedJoinNeitherStopsTheLogNorLeavesAFragment() throws Exception {
    try (TestCoordinator weft = TestCoordinator.start(dataDir, c -> c.withTls(true))) {
      java.net.http.HttpClient tls = TlsClients.trusting(Files.readString(dataDir.resolve("ca.pem")));
      // the JSON text holds the six characters of the escape of U+D800: Jackson reads one unpaired surrogate
      java.net.http.HttpResponse<String> refused = JoinRefusalTest.post(tls, weft, "wrong",
          "{\"hostId\":\"\\ud800\",\"publicKey\":\"x\"}");
      assertThat(refused.statusCode()).isEqualTo(401);
      java.net.http.HttpResponse<String> created = tls.send(HttpRequest.newBuilder(JoinRefusalTest.https(weft,
              "/v1/networks")).timeout(Duration.ofSeconds(20)).header("Authorization", "Bearer "
              + weft.coordinator().adminToken()).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"after\"}")).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(created.statusCode()).isEqualTo(201);
      Eventually.until("both lines", () -> lines(dataDir.resolve("audit.log")), got -> got.equals(List.of(
          "anonymous join \ud800 401", "admin-token network.create after 201")));
      assertWholeAsciiLines(dataDir.resolve("audit.log"));
      assertThat(parsed(dataDir.resolve("audit.log")).get(0).path("remote").asText()).isEqualTo("127.0.0.1");
      Eventually.until("the records are counted", () -> metrics(tls, weft), m -> m.contains(
          "weft_audit_records_total 2\n") && m.contains("weft_audit_failures_total 0\n"));
    }
  }

  /** Issue 12: a network name with a lone surrogate, sent with the admin token, then a normal write. */
  @Test
  void aLoneSurrogateInANetworkNameNeitherStopsTheLogNorLeavesAFragment() {
    try (TestCoordinator weft = TestCoordinator.start(dataDir)) {
      int status = weft.post("/v1/networks", "{\"name\":\"x\\ud800y\"}").status();
      assertThat(status).isBetween(400, 499);
      assertThat(weft.post("/v1/networks", "{\"name\":\"after\"}").status()).isEqualTo(201);
      Eventually.until("both lines", () -> lines(dataDir.resolve("audit.log")), got -> got.equals(List.of(
          "admin-token network.create x\ud800y " + status, "admin-token network.create after 201")));
      assertWholeAsciiLines(dataDir.resolve("audit.log"));
    }
  }

  /** Issue 12: refused calls on /v1 are recorded too, briefly, as anonymous, with the client's address. */
  @Test
  void refusedCallsAreRecordedAsAnonymousWithTheClientAddressAndCutValues() {
    try (TestCoordinator weft = TestCoordinator.start(dataDir)) {
      assertThat(weft.send(HttpRequest.newBuilder(weft.uri("/v1/networks")).GET()).status()).isEqualTo(401);
      String longName = "n".repeat(5000);
      assertThat(weft.send(HttpRequest.newBuilder(weft.uri("/v1/networks/" + longName))
          .header("Authorization", "Bearer wrong").DELETE()).status()).isEqualTo(401);
      assertThat(weft.send(HttpRequest.newBuilder(weft.uri("/v1/agent")).header("Authorization", "Bearer wrong")
          .GET()).status()).isEqualTo(401);
      assertThat(weft.send(HttpRequest.newBuilder(weft.uri("/v1/join-token"))
          .header("Authorization", "Bearer " + weft.coordinator().readToken()).GET()).status()).isEqualTo(403);
      List<String> expected = List.of(
          "anonymous GET /v1/networks /v1/networks 401",
          "anonymous network.delete " + "n".repeat(127) + "\u2026 401",
          "anonymous agent.connect /v1/agent 401",
          "read-token GET /v1/join-token /v1/join-token 403");
      Eventually.until("refused calls", () -> lines(dataDir.resolve("audit.log")), got -> got.equals(expected));
      for (JsonNode line : parsed(dataDir.resolve("audit.log"))) {
        assertThat(line.path("remote").asText()).isEqualTo("127.0.0.1");
      }
    }
  }

  /** Issue 12: a write that fails (here: a full disk, /dev/full) is logged and counted, and the log goes on. */
  @Test
  void aFailedWriteIsCountedAndTheNextRecordIsWrittenWhole() throws Exception {
    Path full = Path.of("/dev/full");
    assertThat(full).as("/dev/full, a device whose writes fail with ENOSPC").exists();
    Path file = dataDir.resolve("audit.log");
    Files.createSymbolicLink(file, full);
    dev.weft.coordinator.metrics.Counters counters = new dev.weft.coordinator.metrics.Counters();
    try (dev.weft.coordinator.api.AuditLog audit = new dev.weft.coordinator.api.AuditLog(dataDir,
        java.time.Clock.systemUTC(), counters)) {
      audit.record("admin-token", "network.create", "lost", "201", "127.0.0.1");
      Eventually.until("the failure is counted", counters::auditFailures, n -> n == 1);
      assertThat(counters.httpMetrics()).contains("weft_audit_failures_total 1\n");
      Files.delete(file); // the disk has room again
      Files.writeString(file, "");
      audit.record("admin-token", "network.create", "kept", "201", "127.0.0.1");
      Eventually.until("the next record", () -> lines(file), got -> got.equals(List.of(
          "admin-token network.create kept 201")));
      assertThat(counters.auditFailures()).isEqualTo(1);
      assertWholeAsciiLines(file);
    }
  }

  private static String metrics(java.net.http.HttpClient tls, TestCoordinator weft) {
    try {
      return tls.send(HttpRequest.newBuilder(JoinRefusalTest.https(weft, "/metrics")).GET().build(),
          java.net.http.HttpResponse.BodyHandlers.ofString()).body();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static void assertWholeAsciiLines(Path file) {
    try {
      byte[] bytes = Files.readAllBytes(file);
      assertThat(bytes).isNotEmpty();
      assertThat(bytes[bytes.length - 1]).as("ends with a newline").isEqualTo((byte) '\n');
      for (byte b : bytes) {
        assertThat(b).as("ASCII only").isBetween((byte) 0x0a, (byte) 0x7e);
      }
      parsed(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every line of {@code file}, parsed; fails on a line that is not one JSON object. */
  static List<JsonNode> parsed(Path file) {
    List<JsonNode> out = new ArrayList<>();
    for (String line : read(file)) {
      JsonNode json = parse(line);
      assertThat(json.isObject()).as(line).isTrue();
      out.add(json);
    }
    return out;
  }

  private static List<String> lines(Path file) {
    List<String> out = new ArrayList<>();
    for (String line : read(file)) {
      JsonNode json = parse(line);
      out.add(json.path("actor").asText() + " " + json.path("action").asText() + " " + json.path("target").asText()
          + " " + json.path("result").asText());
    }
    return out;
  }

  private static List<String> read(Path file) {
    try {
      return Files.exists(file) ? Files.readAllLines(file) : List.of();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonNode parse(String line) {
    try {
      return TestCoordinator.JSON.readTree(line);
    } catch (IOException e) {
      throw new AssertionError(line, e);
    }
  }
}
