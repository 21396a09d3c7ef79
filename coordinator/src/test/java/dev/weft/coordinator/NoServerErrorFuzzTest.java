package dev.weft.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded random requests over real HTTP: no input yields a 5xx, every error is JSON, and the catalog holds exactly
 * the networks that were answered 201.
 */
class NoServerErrorFuzzTest {
  static final List<String> FIELDS = List.of("\"name\"", "\"subnet\"", "\"vni\"", "\"mtu\"", "\"encrypted\"",
      "\"labels\"", "\"blockPrefix\"", "\"x\"", "\"\"", "\"na\\u0000me\"");
  static final List<String> VALUES = List.of("\"n1\"", "\"n-2\"", "\"-bad\"", "\"10.0.0.0/24\"", "\"10.0.0.1/24\"",
      "\"300.0.0.0/8\"", "\"10.0.0.0/31\"", "0", "-1", "1", "4096", "16777215", "16777216", "99999999999999999999",
      "1.5", "1e3", "true", "false", "null", "[]", "{}", "{\"a\":\"b\"}", "{\"a\":1}", "\"\"", "\"\\ud800\"",
      "\"" + "a".repeat(300) + "\"", "[[[[[[[[[[]]]]]]]]]]");
  static final List<String> PATHS = List.of("/v1/networks/", "/v1/networks/%00", "/v1/networks/a%2Fb",
      "/v1/networks/..", "/v1/networks/n1/endpoints/x", "/v1/hosts/%C3%28", "/v1/networks?force=maybe",
      "/v1/networks/" + "a".repeat(5000), "/v1//networks", "/v1/networks/n1?force=");

  @TempDir
  Path dataDir;
  TestCoordinator weft;

  @AfterEach
  void stop() {
    if (weft != null) {
      weft.close();
    }
  }

  @Test
  void randomBodiesAndPathsNeverYieldA5xx() {
    weft = TestCoordinator.start(dataDir);
    Random random = new Random(20261127L);
    int created = 0;
    for (int i = 0; i < 400; i++) {
      String body = randomBody(random);
      TestCoordinator.Reply reply = weft.post("/v1/networks", body);
      assertThat(reply.status()).as(body).isLessThan(500);
      if (reply.status() == 201) {
        created++;
      } else {
        assertThat(reply.error()).as(body).isNotBlank();
      }
    }
    for (String path : PATHS) {
      for (String method : List.of("GET", "DELETE", "POST")) {
        TestCoordinator.Reply reply = weft.send(weft.admin(path).method(method,
            HttpRequest.BodyPublishers.ofString("{}")));
        assertThat(reply.status()).as(method + " " + path).isLessThan(500);
        if (reply.status() >= 400) {
          assertThat(reply.error()).as(method + " " + path).isNotBlank();
        } else if (reply.status() == 201) {
          created++;
        }
      }
    }
    assertThat(weft.get("/v1/networks").json().size()).isEqualTo(created);
    assertThat(rawStatus("GET /v1/hosts/%ZZ HTTP/1.1")).isBetween(400, 499);
    assertThat(rawStatus("GET /v1/networks/%ZZ HTTP/1.1")).isBetween(400, 499);
  }

  /** A request line java.net.URI would refuse to build, sent over a plain socket; answers the status code. */
  int rawStatus(String requestLine) {
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", weft.port())) {
      socket.setSoTimeout(10_000);
      String request = requestLine + "\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
          + weft.coordinator().adminToken() + "\r\nConnection: close\r\n\r\n";
      socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      String status = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
          java.nio.charset.StandardCharsets.US_ASCII)).readLine();
      return Integer.parseInt(status.split(" ")[1]);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static String randomBody(Random random) {
    if (random.nextInt(10) == 0) {
      byte[] bytes = new byte[random.nextInt(40)];
      random.nextBytes(bytes);
      return new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
    }
    StringBuilder body = new StringBuilder("{");
    int fields = random.nextInt(5);
    for (int f = 0; f < fields; f++) {
      if (f > 0) {
        body.append(',');
      }
      body.append(FIELDS.get(random.nextInt(FIELDS.size()))).append(':')
          .append(VALUES.get(random.nextInt(VALUES.size())));
    }
    body.append('}');
    if (random.nextInt(8) == 0) {
      body.setLength(random.nextInt(body.length() + 1));
    }
    return body.toString();
  }
}
