package dev.weft.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The read-only token (issue 6) over real HTTP: reads pass, every write is 403, no or a wrong token stays 401. */
class ReadTokenTest {
  @TempDir
  static Path dataDir;

  private static HttpRequest.Builder as(TestCoordinator weft, String token, String path) {
    return HttpRequest.newBuilder(weft.uri(path)).timeout(Duration.ofSeconds(20))
        .header("Authorization", "Bearer " + token);
  }

  @Test
  void isMadeOnFirstStartWithMode0600AndKeptAcrossRestarts(@TempDir Path dir) throws Exception {
    String first;
    try (TestCoordinator weft = TestCoordinator.start(dir)) {
      first = weft.coordinator().readToken();
      assertThat(Files.readString(dir.resolve("read-token")).trim()).isEqualTo(first);
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("read-token"))))
          .isEqualTo("rw-------");
      assertThat(first).isNotEqualTo(weft.coordinator().adminToken());
    }
    try (TestCoordinator weft = TestCoordinator.start(dir)) {
      assertThat(weft.coordinator().readToken()).isEqualTo(first);
    }
  }

  @Test
  void readsWithTheReadToken() {
    try (TestCoordinator weft = TestCoordinator.start(dataDir.resolve("reads"))) {
      assertThat(weft.post("/v1/networks", "{\"name\":\"seen\"}").status()).isEqualTo(201);
      String read = weft.coordinator().readToken();
      for (String path : new String[] {"/v1/networks", "/v1/networks/seen", "/v1/networks/seen/endpoints",
          "/v1/networks/seen/services", "/v1/hosts"}) {
        TestCoordinator.Reply reply = weft.send(as(weft, read, path).GET());
        assertThat(reply.status()).as(path).isEqualTo(200);
      }
    }
  }

  @ParameterizedTest
  @CsvSource({
      "POST, /v1/networks",
      "DELETE, /v1/networks/kept",
      "PUT, /v1/networks/kept/services/web",
      "DELETE, /v1/networks/kept/services/web",
      "POST, /v1/join-token/rotate",
      "DELETE, /v1/hosts/some-host",
  })
  void everyWriteWithTheReadTokenIs403(String method, String path) {
    try (TestCoordinator weft = TestCoordinator.start(dataDir.resolve("w" + Math.abs((method + path).hashCode())))) {
      assertThat(weft.post("/v1/networks", "{\"name\":\"kept\"}").status()).isEqualTo(201);
      TestCoordinator.Reply reply = weft.send(as(weft, weft.coordinator().readToken(), path)
          .header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString("{\"name\":\"other\"}")));
      assertThat(reply.status()).isEqualTo(403);
      assertThat(reply.error()).isEqualTo("this token is read-only; writes need the admin token");
      assertThat(weft.get("/v1/networks/kept").status()).isEqualTo(200);
      assertThat(weft.get("/v1/networks/other").status()).isEqualTo(404);
      assertThat(weft.get("/v1/join-token").json().path("token").asText()).isEqualTo(weft.coordinator().joinToken());
    }
  }

  @Test
  void noOrAWrongTokenIs401() {
    try (TestCoordinator weft = TestCoordinator.start(dataDir.resolve("none"))) {
      assertThat(weft.send(HttpRequest.newBuilder(weft.uri("/v1/networks")).GET()).status()).isEqualTo(401);
      assertThat(weft.send(as(weft, "nope", "/v1/networks").GET()).status()).isEqualTo(401);
      assertThat(weft.send(as(weft, "nope", "/v1/networks").DELETE()).status()).isEqualTo(401);
    }
  }
}
