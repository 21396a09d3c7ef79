package dev.weft.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Issue 5 end to end: a real 3-node Swarm in the lab (engine 20.10, no IPVS, so {@code --endpoint-mode dnsrr}), a
 * coordinator that asks the manager on host 1, an agent per host; a 6-replica service attached to a Weft network by
 * rule, then scaled, drained, resolved by name and detached.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SwarmIT {
  static final int HOSTS = 3;
  static final String NET = "blue";
  static final String SVC = "web";
  static final Duration CONVERGE = Duration.ofSeconds(60);
  static final Pattern IPV4 = Pattern.compile("\\b(\\d+\\.\\d+\\.\\d+\\.\\d+)\\b");

  /** A running task container: where it runs and its id. */
  record Task(int host, String container) {
  }

  private Lab lab;
  private String subnetPrefix;
  private final Map<Integer, String> nodeIds = new TreeMap<>();
  private final ExecutorService pool = Executors.newFixedThreadPool(8);

  @BeforeAll
  void up() {
    Prereqs.check(true);
    lab = Lab.up(HOSTS);
    try {
      swarm();
      lab.wipeCoordinatorData();
      lab.startCoordinator(List.of("--swarm-manager", Lab.sock(1)));
      lab.startAgents();
      Wait.until("every host up", CONVERGE, () -> {
        lab.assertAllAlive();
        return lab.api().hosts().stream().filter(h -> "up".equals(Api.text(h, "status"))).count() == HOSTS;
      });
      JsonNode net = lab.api().createNetwork(NET);
      String subnet = Api.text(net, "subnet");
      subnetPrefix = subnet.substring(0, subnet.lastIndexOf('.') + 1);
      manager("service", "create", "-d", "--no-resolve-image", "--name", SVC, "--replicas", "6",
          "--endpoint-mode", "dnsrr", "weft/busybox:lab", "sleep", "36000").orThrow();
      awaitRunning(6);
    } catch (RuntimeException | AssertionError e) {
      down();
      throw e;
    }
  }

  private void swarm() {
    lab.docker(1, "swarm", "init", "--advertise-addr", Lab.underlayIp(1)).orThrow();
    String token = lab.docker(1, "swarm", "join-token", "-q", "worker").orThrow().text();
    for (int h = 2; h <= HOSTS; h++) {
      lab.docker(h, "swarm", "join", "--token", token, "--advertise-addr", Lab.underlayIp(h),
          Lab.underlayIp(1) + ":2377").orThrow();
    }
    for (int h = 1; h <= HOSTS; h++) {
      nodeIds.put(h, lab.docker(h, "info", "-f", "{{.Swarm.NodeID}}").orThrow().text());
    }
  }

  @AfterAll
  void down() {
    pool.shutdownNow();
    if (lab != null) {
      for (int h = HOSTS; h >= 1; h--) {
        Sh.Result r = lab.docker(h, Duration.ofSeconds(30), "swarm", "leave", "--force");
        if (!r.ok()) {
          System.err.println("[swarm] leave on host " + h + ": " + r.err());
        }
      }
      lab.close();
      lab = null;
    }
  }

  // ---------------------------------------------------------------- helpers

  private Sh.Result manager(String... args) {
    return lab.docker(1, args);
  }

  /** The running task containers of the service on every host, by container id. */
  private Map<String, Task> tasks() {
    Map<String, Task> out = new TreeMap<>();
    for (int h = 1; h <= HOSTS; h++) {
      String ids = lab.docker(h, "ps", "-q", "--no-trunc", "--filter",
          "label=com.docker.swarm.service.name=" + SVC).orThrow().text();
      for (String id : ids.split("\\s+")) {
        if (!id.isBlank()) {
          out.put(id, new Task(h, id));
        }
      }
    }
    return out;
  }

  private Map<String, Task> awaitRunning(int replicas) {
    return Wait.until(replicas + " running tasks of " + SVC, Duration.ofSeconds(120), Duration.ofMillis(500), () -> {
      Map<String, Task> t = tasks();
      String states = manager("service", "ps", "-q", "--filter", "desired-state=running", SVC).text();
      long wanted = states.lines().filter(l -> !l.isBlank()).count();
      return t.size() == replicas && wanted == replicas ? java.util.Optional.of(t) : java.util.Optional.empty();
    });
  }

  /** Endpoints of the network by container id → ip (only those of the service). */
  private Map<String, String> serviceEndpoints() {
    Map<String, String> out = new TreeMap<>();
    for (JsonNode e : lab.api().endpoints(NET)) {
      if (SVC.equals(Api.text(e, "service"))) {
        out.put(Api.text(e, "container"), Api.ip(e));
      }
    }
    return out;
  }

  /**
   * A barrier instead of a sleep: /health answers from the coordinator's distribution thread (its barrier), so once it
   * answers, whatever was handed to that thread before (a services message to the agents, had the second PUT stored
   * anything) has been handled and sent.
   */
  private void distributionDrained() {
    Api.Response health = lab.api().call("GET", "/health", null);
    if (health.status() != 200) {
      throw new IllegalStateException("coordinator distribution not running: " + health.body());
    }
  }

  private JsonNode rule() {
    Api.Response r = lab.api().call("GET", "/v1/networks/" + NET + "/services", null);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    for (JsonNode n : r.json()) {
      if (SVC.equals(Api.text(n, "service"))) {
        return n;
      }
    }
    return null;
  }

  /**
   * Waits until exactly the running tasks have endpoints (nothing stale), each task container has its address on an
   * interface, and the API shows every task attached; returns container id → address.
   */
  private Map<String, String> awaitAttached(Map<String, Task> running) {
    Map<String, String> eps = Wait.until("endpoints of exactly the " + running.size() + " running tasks",
        CONVERGE, Duration.ofMillis(300), () -> {
          lab.assertAllAlive();
          Map<String, String> now = serviceEndpoints();
          return now.keySet().equals(running.keySet()) ? java.util.Optional.of(now) : java.util.Optional.empty();
        });
    Wait.until("every task attached and none pending or stale in GET services", CONVERGE, () -> {
      JsonNode rule = rule();
      if (rule == null || !rule.path("tasksKnown").asBoolean()) {
        return false;
      }
      List<JsonNode> t = Api.items(rule, "tasks");
      return t.size() == running.size() && t.stream().allMatch(n -> "attached".equals(Api.text(n, "state")));
    });
    for (Task t : running.values()) {
      String ip = eps.get(t.container());
      Wait.until("task " + t.container().substring(0, 12) + " has " + ip, CONVERGE, () ->
          lab.docker(t.host(), "exec", t.container(), "ip", "-o", "-4", "addr", "show").out()
              .contains(" " + ip + "/"));
    }
    return eps;
  }

  /** Every task pings every other task's Weft address (bounded wait each, in parallel). */
  private void fullMesh(Map<String, Task> running, Map<String, String> eps) {
    List<CompletableFuture<String>> checks = new ArrayList<>();
    for (Task from : running.values()) {
      for (Task to : running.values()) {
        if (from == to) {
          continue;
        }
        String ip = eps.get(to.container());
        checks.add(CompletableFuture.supplyAsync(() -> {
          try {
            Wait.until(from.container().substring(0, 12) + " (host " + from.host() + ") reaches " + ip + " (host "
                + to.host() + ")", Duration.ofSeconds(30), () -> lab.docker(from.host(), Duration.ofSeconds(10),
                "exec", from.container(), "ping", "-c", "1", "-W", "2", ip).ok());
            return null;
          } catch (AssertionError e) {
            return e.getMessage();
          }
        }, pool));
      }
    }
    List<String> failed = checks.stream().map(CompletableFuture::join).filter(m -> m != null).toList();
    assertThat(failed).as("pairs that could not reach each other").isEmpty();
  }

  /** What {@code web.blue.weft} resolves to inside a task container. */
  private Set<String> resolve(Task inside) {
    Sh.Result r = lab.docker(inside.host(), Duration.ofSeconds(20), "exec", inside.container(), "nslookup",
        SVC + "." + NET + ".weft");
    Set<String> ips = new TreeSet<>();
    Matcher m = IPV4.matcher(r.out());
    while (m.find()) {
      if (m.group(1).startsWith(subnetPrefix)) {
        ips.add(m.group(1));
      }
    }
    return ips;
  }

  private void awaitResolves(Map<String, Task> running, Map<String, String> eps) {
    Set<String> expected = new TreeSet<>(eps.values());
    for (Task t : running.values()) {
      Wait.until("web.blue.weft resolves to " + expected + " inside " + t.container().substring(0, 12), CONVERGE,
          () -> resolve(t).equals(expected));
    }
  }

  private int attachedInterfaces(Map<String, Task> running) {
    int n = 0;
    for (Task t : running.values()) {
      if (lab.docker(t.host(), "exec", t.container(), "ip", "-o", "-4", "addr", "show").out()
          .contains(" " + subnetPrefix)) {
        n++;
      }
    }
    return n;
  }

  // ---------------------------------------------------------------- tests

  @Test
  @Order(1)
  void attachedServiceSpansTheHostsWithoutReplacingATask() {
    Map<String, Task> before = tasks();
    assertThat(before.values().stream().map(Task::host).collect(Collectors.toSet())).hasSize(HOSTS);
    Api.Response created = lab.api().call("PUT", "/v1/networks/" + NET + "/services/" + SVC, null);
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    Map<String, String> eps = awaitAttached(before);
    fullMesh(before, eps);
    assertThat(tasks().keySet()).as("no task container was replaced").isEqualTo(before.keySet());
    assertThat(lab.api().call("PUT", "/v1/networks/" + NET + "/services/nope", null).status()).isEqualTo(404);
  }

  @Test
  @Order(2)
  void attachingTwiceChangesNothing() throws Exception {
    Map<String, String> before = serviceEndpoints();
    Api.Response again = lab.api().call("PUT", "/v1/networks/" + NET + "/services/" + SVC, null);
    assertThat(again.status()).as(again.body()).isEqualTo(200);
    distributionDrained();
    assertThat(serviceEndpoints()).isEqualTo(before);
  }

  @Test
  @Order(3)
  void nameResolvesToExactlyTheTaskAddresses() {
    Map<String, Task> running = tasks();
    awaitResolves(running, serviceEndpoints());
  }

  @Test
  @Order(4)
  void scaleUpThenDownTheTablesFollow() {
    manager("service", "scale", "-d", SVC + "=9").orThrow();
    Map<String, Task> nine = awaitRunning(9);
    Map<String, String> eps = awaitAttached(nine);
    fullMesh(nine, eps);

    manager("service", "scale", "-d", SVC + "=3").orThrow();
    Map<String, Task> three = awaitRunning(3);
    Map<String, String> left = awaitAttached(three);
    awaitResolves(three, left);
  }

  @Test
  @Order(5)
  void drainedNodesTasksRestartElsewhereAndAreAttachedThere() {
    manager("service", "scale", "-d", SVC + "=6").orThrow();
    awaitAttached(awaitRunning(6));
    manager("node", "update", "--availability", "drain", nodeIds.get(3)).orThrow();
    Map<String, Task> moved = Wait.until("no task left on host 3 and 6 running", Duration.ofSeconds(120),
        Duration.ofMillis(500), () -> {
          Map<String, Task> t = tasks();
          return t.size() == 6 && t.values().stream().noneMatch(x -> x.host() == 3)
              ? java.util.Optional.of(t) : java.util.Optional.empty();
        });
    Map<String, String> eps = awaitAttached(moved);
    assertThat(lab.api().endpoints(NET)).noneMatch(e -> "lab-3".equals(Api.text(e, "host")));
    fullMesh(moved, eps);
    awaitResolves(moved, eps);
  }

  @Test
  @Order(6)
  void removingTheRuleRemovesEveryInterface() {
    Map<String, Task> running = tasks();
    assertThat(lab.api().call("DELETE", "/v1/networks/" + NET + "/services/" + SVC, null).status()).isEqualTo(204);
    Wait.until("no endpoint of the service left", CONVERGE, () -> serviceEndpoints().isEmpty());
    Wait.until("no task container keeps a Weft address", CONVERGE, () -> attachedInterfaces(running) == 0);
    assertThat(lab.api().call("DELETE", "/v1/networks/" + NET + "/services/" + SVC, null).status()).isEqualTo(404);
    assertThat(tasks().keySet()).as("detaching replaced no task").isEqualTo(running.keySet());
    for (Task t : running.values()) {
      Wait.until("resolv.conf of " + t.container().substring(0, 12) + " restored", CONVERGE, () ->
          !lab.docker(t.host(), "exec", t.container(), "cat", "/etc/resolv.conf").out().contains("weft"));
    }
  }
}
