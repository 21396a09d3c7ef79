package dev.weft.coordinator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.coordinator.config.CoordinatorConfig;
import dev.weft.coordinator.storage.Backend;
import dev.weft.coordinator.storage.InMemoryStorage;
import dev.weft.coordinator.swarm.SwarmManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.UnaryOperator;

/**
 * A real coordinator on a fresh port and a given data dir, with a real HTTP client speaking to it; its state in
 * memory unless started {@link #startDurable durable}. Plain HTTP
 * ({@code --tls=false}) unless a test turns TLS on: TLS itself is tested by {@link TlsTest} with clients of its own.
 */
final class TestCoordinator implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();
  private final Coordinator coordinator;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final Path dataDir;

  private TestCoordinator(Coordinator coordinator, Path dataDir) {
    this.coordinator = coordinator;
    this.dataDir = dataDir;
  }

  static TestCoordinator start(Path dataDir) {
    return start(dataDir, c -> c);
  }

  static TestCoordinator start(Path dataDir, UnaryOperator<CoordinatorConfig> tweak) {
    return start(dataDir, tweak, java.time.Clock.systemUTC());
  }

  /** With a clock the test sets (issue 12: certificate lifetimes without sleeping). */
  static TestCoordinator start(Path dataDir, UnaryOperator<CoordinatorConfig> tweak, java.time.Clock clock) {
    return start(dataDir, tweak, clock, InMemoryStorage.BACKEND);
  }

  /**
   * On the product's storage, a Hazelcast member over H2 in {@code dataDir}: for tests of what must survive a
   * restart. The others keep the coordinator's state in memory and start no Hazelcast member.
   */
  static TestCoordinator startDurable(Path dataDir) {
    return startDurable(dataDir, c -> c);
  }

  static TestCoordinator startDurable(Path dataDir, UnaryOperator<CoordinatorConfig> tweak) {
    return startDurable(dataDir, tweak, java.time.Clock.systemUTC());
  }

  static TestCoordinator startDurable(Path dataDir, UnaryOperator<CoordinatorConfig> tweak, java.time.Clock clock) {
    return start(dataDir, tweak, clock, Backend.HAZELCAST);
  }

  static TestCoordinator start(Path dataDir, UnaryOperator<CoordinatorConfig> tweak, java.time.Clock clock,
                               Backend backend) {
    CoordinatorConfig config = tweak.apply(CoordinatorConfig.defaults().withTls(false)
        .withListen("127.0.0.1", 0).withDataDir(dataDir));
    return new TestCoordinator(Coordinator.start(config, clock, SwarmManager.NONE, backend), dataDir);
  }

  Coordinator coordinator() {
    return coordinator;
  }

  Path dataDir() {
    return dataDir;
  }

  int port() {
    return coordinator.httpPort();
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port() + path);
  }

  URI agentUri() {
    return URI.create("ws://127.0.0.1:" + port() + "/v1/agent");
  }

  /** An admin request; the response body parsed as JSON when it is JSON. */
  Reply get(String path) {
    return send(admin(path).GET());
  }

  Reply delete(String path) {
    return send(admin(path).DELETE());
  }

  Reply post(String path, String body) {
    return send(admin(path).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  HttpRequest.Builder admin(String path) {
    return HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(20))
        .header("Authorization", "Bearer " + coordinator.adminToken());
  }

  Reply send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Reply(response.statusCode(), response.body(),
          response.headers().firstValue("Content-Type").orElse(""));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    coordinator.close();
  }

  /** One HTTP response. */
  record Reply(int status, String body, String contentType) {
    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON (" + status + "): " + body, e);
      }
    }

    String error() {
      return json().path("error").asText(null);
    }
  }
}
