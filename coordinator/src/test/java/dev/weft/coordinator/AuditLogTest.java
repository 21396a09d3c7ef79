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
