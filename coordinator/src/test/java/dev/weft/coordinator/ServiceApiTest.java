package dev.weft.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.common.model.ServiceRule;
import dev.weft.common.wire.ToAgent;
import dev.weft.coordinator.config.CoordinatorConfig;
import dev.weft.coordinator.storage.Backend;
import dev.weft.coordinator.swarm.SwarmManager;
import dev.weft.coordinator.swarm.SwarmTask;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The service-rule routes (issue 5) over real HTTP, with a fake Swarm manager; rules survive a restart. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
class ServiceApiTest {
  static final ObjectMapper JSON = new ObjectMapper();

  /** An honest in-memory Swarm: services by name, their tasks. */
  static final class FakeSwarm implements SwarmManager {
    final Map<String, List<SwarmTask>> services = new ConcurrentHashMap<>();
    volatile boolean down;

    @Override
    public boolean configured() {
      return true;
    }

    @Override
    public String describe() {
      return "fake://swarm";
    }

    @Override
    public boolean serviceExists(String name) {
      check();
      return services.containsKey(name);
    }

    @Override
    public List<SwarmTask> tasks(String service) {
      check();
      return services.getOrDefault(service, List.of());
    }

    private void check() {
      if (down) {
        throw new dev.weft.coordinator.error.SwarmUnavailableException("swarm manager fake://swarm: down");
      }
    }

    @Override
    public void close() {
    }
  }

  final FakeSwarm swarm = new FakeSwarm();
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  Path dataDir;
  Coordinator coordinator;

  @BeforeAll
  void start(@TempDir Path dir) {
    dataDir = dir;
    swarm.services.put("web", List.of(new SwarmTask("t1", 1, "node1", "c1", "running", "running", null)));
    swarm.services.put("db", List.of());
    coordinator = start(swarm);
    for (String n : List.of("blue", "red", "green", "amber")) {
      assertThat(call("POST", "/v1/networks", "{\"name\":\"" + n + "\"}").status).isEqualTo(201);
    }
  }

  Coordinator start(SwarmManager manager) {
    return Coordinator.start(CoordinatorConfig.defaults().withTls(false).withListen("127.0.0.1", 0)
        .withDataDir(dataDir),
        Clock.systemUTC(), manager, Backend.HAZELCAST);
  }

  @AfterAll
  void stop() {
    if (coordinator != null) {
      coordinator.close();
    }
  }

  record Reply(int status, String body) {
    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (Exception e) {
        throw new AssertionError("not JSON (" + status + "): " + body, e);
      }
    }
  }

  Reply call(String method, String path, String body) {
    try {
      HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + coordinator.httpPort() + path))
          .timeout(Duration.ofSeconds(20)).header("Authorization", "Bearer " + coordinator.adminToken())
          .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
              : HttpRequest.BodyPublishers.ofString(body));
      HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
      return new Reply(r.statusCode(), r.body());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void attachIsCreatedOnceThenOkAndChangesNothing() {
    Reply first = call("PUT", "/v1/networks/blue/services/web", null);
    assertThat(first.status).isEqualTo(201);
    assertThat(first.json().path("service").asText()).isEqualTo("web");
    Reply again = call("PUT", "/v1/networks/blue/services/web", null);
    assertThat(again.status).isEqualTo(200);
    JsonNode list = call("GET", "/v1/networks/blue/services", null).json();
    assertThat(list).hasSize(1);
    JsonNode rule = list.get(0);
    assertThat(rule.path("service").asText()).isEqualTo("web");
    assertThat(rule.path("tasksKnown").asBoolean()).isTrue();
    JsonNode task = rule.path("tasks").get(0);
    assertThat(task.path("task").asText()).isEqualTo("t1");
    assertThat(task.path("state").asText()).isEqualTo("pending");
    assertThat(task.path("reason").asText()).contains("node1");
  }

  @Test
  void unknownNetworkOrServiceIs404AndBadNameIs400() {
    assertThat(call("PUT", "/v1/networks/nope/services/web", null).status).isEqualTo(404);
    Reply unknown = call("PUT", "/v1/networks/red/services/ghost", null);
    assertThat(unknown.status).isEqualTo(404);
    assertThat(unknown.json().path("error").asText()).contains("ghost");
    assertThat(call("GET", "/v1/networks/nope/services", null).status).isEqualTo(404);
    assertThat(call("DELETE", "/v1/networks/nope/services/web", null).status).isEqualTo(404);
    assertThat(call("PUT", "/v1/networks/red/services/-bad", null).status).isEqualTo(400);
  }

  @Test
  void detachIs204ThenNotFound() {
    assertThat(call("PUT", "/v1/networks/green/services/db", null).status).isEqualTo(201);
    assertThat(call("DELETE", "/v1/networks/green/services/db", null).status).isEqualTo(204);
    Reply again = call("DELETE", "/v1/networks/green/services/db", null);
    assertThat(again.status).isEqualTo(404);
    assertThat(again.json().path("error").asText()).contains("not attached");
    assertThat(call("GET", "/v1/networks/green/services", null).json()).isEmpty();
  }

  @Test
  void managerDownIs503OnAttachAndANoteOnList() {
    call("PUT", "/v1/networks/amber/services/web", null);
    swarm.down = true;
    try {
      Reply r = call("PUT", "/v1/networks/amber/services/db", null);
      assertThat(r.status).isEqualTo(503);
      assertThat(r.json().path("error").asText()).contains("fake://swarm");
      JsonNode rule = call("GET", "/v1/networks/amber/services", null).json().get(0);
      assertThat(rule.path("tasksKnown").asBoolean()).isFalse();
      assertThat(rule.path("note").asText()).contains("down");
    } finally {
      swarm.down = false;
      call("DELETE", "/v1/networks/amber/services/web", null);
    }
  }

  @Test
  @org.junit.jupiter.api.Order(Integer.MAX_VALUE)
  void rulesSurviveARestartAndAgentsGetThemAfterTheCatalog() throws Exception {
    call("PUT", "/v1/networks/blue/services/web", null);
    coordinator.close();
    coordinator = start(SwarmManager.NONE);
    JsonNode list = call("GET", "/v1/networks/blue/services", null).json();
    assertThat(list).extracting(n -> n.path("service").asText()).contains("web");
    assertThat(list.get(0).path("tasksKnown").asBoolean()).isFalse();
    // without a manager any Swarm-style name is accepted
    assertThat(call("PUT", "/v1/networks/blue/services/anything", null).status).isEqualTo(201);
    assertThat(call("DELETE", "/v1/networks/blue/services/anything", null).status).isEqualTo(204);

    try (FakeAgent agent = new FakeAgent("h-svc", "10.9.9.9").connect(
        URI.create("ws://127.0.0.1:" + coordinator.httpPort() + "/v1/agent"), coordinator.joinToken())) {
      agent.register(List.of());
      ToAgent.Services services = agent.next(ToAgent.Services.class);
      assertThat(services.rules()).contains(new ServiceRule("blue", "web"));
      call("PUT", "/v1/networks/blue/services/api", null);
      ToAgent.Services next = agent.next(ToAgent.Services.class,
          m -> m.rules().contains(new ServiceRule("blue", "api")));
      assertThat(Set.copyOf(next.rules())).contains(new ServiceRule("blue", "web"));
      call("DELETE", "/v1/networks/blue/services/api", null);
      agent.next(ToAgent.Services.class, m -> !m.rules().contains(new ServiceRule("blue", "api")));
    }
  }
}
