package dev.weft.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.common.net.Macs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Issue 3 end to end: 3 lab hosts (each a real dockerd with FORWARD DROP), a coordinator, an agent per host, two
 * networks, containers attached by label.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OverlayIT {
  static final int HOSTS = 3;
  static final List<String> NETWORKS = List.of("blue", "red");
  static final Duration CONVERGE = Duration.ofSeconds(60);
  static final Pattern PING_STATS = Pattern.compile("(\\d+) packets transmitted, (\\d+) (?:packets )?received");

  record Ctr(String name, int host, String network, String id, String ip, String mac) {
  }

  private Lab lab;
  private final Map<String, Ctr> ctrs = new LinkedHashMap<>();
  private final ExecutorService pool = Executors.newFixedThreadPool(8);

  @BeforeAll
  void up() {
    Prereqs.check(true);
    lab = Lab.up(HOSTS);
    lab.startAllAndAwaitHostsUp(CONVERGE);
    for (String n : NETWORKS) {
      lab.api().createNetwork(n);
    }
    for (int h = 1; h <= HOSTS; h++) {
      for (String n : NETWORKS) {
        start(n + "-" + h, h, n);
      }
    }
    for (Ctr c : new ArrayList<>(ctrs.values())) {
      ctrs.put(c.name(), attached(c));
    }
  }

  @AfterAll
  void down() {
    pool.shutdownNow();
    if (lab != null) {
      lab.close();
    }
  }

  private void start(String name, int host, String network) {
    String id = lab.runContainer(host, name, network);
    ctrs.put(name, new Ctr(name, host, network, id, null, null));
  }

  /** Waits until the coordinator lists the container's endpoint and the container has that address. */
  private Ctr attached(Ctr c) {
    JsonNode ep = Wait.until("endpoint of " + c.name() + " on " + c.network() + " in the API", CONVERGE,
        Duration.ofMillis(250), () -> {
          lab.assertAllAlive();
          return lab.api().endpointOf(c.network(), c.id());
        });
    String ip = Api.ip(ep);
    String mac = Optional.ofNullable(Api.text(ep, "mac")).orElse(Macs.forIp(ip));
    Wait.until(c.name() + " has " + ip + " on an interface", CONVERGE, () ->
        lab.docker(c.host(), "exec", c.name(), "ip", "-o", "-4", "addr", "show").out().contains(" " + ip + "/"));
    return new Ctr(c.name(), c.host(), c.network(), c.id(), ip, mac);
  }

  private boolean ping(Ctr from, Ctr to, int count) {
    return lab.docker(from.host(), Duration.ofSeconds(count + 10L), "exec", from.name(), "ping", "-c",
        Integer.toString(count), "-W", "1", to.ip()).ok();
  }

  private void awaitPing(Ctr from, Ctr to) {
    Wait.until(from.name() + " reaches " + to.name() + " (" + to.ip() + ")", CONVERGE, () -> ping(from, to, 1));
  }

  /** A long ping from inside a container, running in the background. */
  private CompletableFuture<int[]> longPing(Ctr from, Ctr to, int count) {
    return CompletableFuture.supplyAsync(() -> {
      Sh.Result r = lab.docker(from.host(), Duration.ofSeconds(count / 5 + 30L), "exec", from.name(), "ping", "-i",
          "0.2", "-c", Integer.toString(count), "-W", "1", to.ip());
      Matcher m = PING_STATS.matcher(r.out());
      if (!m.find()) {
        throw new AssertionError("no ping statistics from " + from.name() + ": " + r.out() + r.err());
      }
      return new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))};
    }, pool);
  }

  private static int[] await(CompletableFuture<int[]> f, Duration timeout) throws Exception {
    return f.get(timeout.toSeconds(), TimeUnit.SECONDS);
  }

  @Test
  @Order(1)
  void fullMatrixReachableInsideANetworkIsolatedBetween() throws Exception {
    List<Ctr> all = new ArrayList<>(ctrs.values());
    Map<String, CompletableFuture<Boolean>> results = new LinkedHashMap<>();
    // first every pair that must reach (bounded wait each), so the data plane has converged ...
    for (Ctr a : all) {
      for (Ctr b : all) {
        if (a != b && a.network().equals(b.network())) {
          results.put(a.name() + ">" + b.name(), CompletableFuture.supplyAsync(() -> {
            try {
              awaitPing(a, b);
              return true;
            } catch (AssertionError e) {
              return false;
            }
          }, pool));
        }
      }
    }
    CompletableFuture.allOf(results.values().toArray(CompletableFuture[]::new)).get(3, TimeUnit.MINUTES);
    // ... then every pair that must not
    for (Ctr a : all) {
      for (Ctr b : all) {
        if (!a.network().equals(b.network())) {
          results.put(a.name() + ">" + b.name(), CompletableFuture.supplyAsync(() -> ping(a, b, 2), pool));
        }
      }
    }
    CompletableFuture.allOf(results.values().toArray(CompletableFuture[]::new)).get(3, TimeUnit.MINUTES);

    StringBuilder matrix = new StringBuilder(String.format("%-8s", ""));
    all.forEach(b -> matrix.append(String.format("%-8s", b.name())));
    matrix.append('\n');
    List<String> wrong = new ArrayList<>();
    for (Ctr a : all) {
      matrix.append(String.format("%-8s", a.name()));
      for (Ctr b : all) {
        if (a == b) {
          matrix.append(String.format("%-8s", "."));
          continue;
        }
        boolean got = results.get(a.name() + ">" + b.name()).get();
        boolean want = a.network().equals(b.network());
        matrix.append(String.format("%-8s", (got ? "ok" : "--") + (got == want ? "" : "!")));
        if (got != want) {
          wrong.add(a.name() + " -> " + b.name() + (want ? " unreachable" : " reachable across networks"));
        }
      }
      matrix.append('\n');
    }
    System.out.println("reachability matrix (! = wrong):\n" + matrix);
    assertThat(wrong).as("reachability matrix:\n" + matrix).isEmpty();
  }

  @Test
  @Order(2)
  void stoppedContainersEntriesVanishFromEveryKernel() {
    start("gone-2", 2, "blue");
    Ctr gone = attached(ctrs.get("gone-2"));
    ctrs.remove("gone-2");
    awaitPing(ctrs.get("blue-1"), gone);
    awaitPing(ctrs.get("blue-3"), gone);
    // hosts 1 and 3 (at least) hold its FDB and neighbour entries
    Wait.until("FDB and neighbour entries of " + gone.mac() + "/" + gone.ip() + " on the other hosts", CONVERGE,
        () -> KernelView.weftNamespaces().stream()
            .filter(n -> n.hasMac(gone.mac()) && n.hasNeighbour(gone.ip())).count() >= 2);

    lab.docker(2, "stop", "-t", "1", "gone-2").orThrow();
    Wait.until("endpoint of gone-2 leaves the API", CONVERGE,
        () -> lab.api().endpointOf("blue", gone.id()).isEmpty());
    Wait.until("every kernel forgets " + gone.mac() + "/" + gone.ip(), CONVERGE, Duration.ofMillis(300), () -> {
      List<KernelView.Ns> all = KernelView.weftNamespaces();
      boolean clean = all.stream().noneMatch(n -> n.hasMac(gone.mac()) || n.hasNeighbour(gone.ip()));
      if (!clean) {
        throw new AssertionError(KernelView.describe(all, gone.mac(), gone.ip()));
      }
      return Optional.of(true);
    });
    // the others are unaffected
    awaitPing(ctrs.get("blue-1"), ctrs.get("blue-3"));
    lab.docker(2, "rm", "-f", "gone-2").orThrow();
  }

  @Test
  @Order(3)
  void agentRestartLosesNoPacket() throws Exception {
    Ctr from = ctrs.get("blue-1");
    Ctr to = ctrs.get("blue-2");
    awaitPing(from, to);
    CompletableFuture<int[]> ping = longPing(from, to, 150); // 30 s
    for (int h : new int[] {1, 2}) {
      lab.stopAgent(h);
      String seenBefore = hostField(h, "lastSeen");
      lab.startAgent(h);
      // the restarted agent registers again (lastSeen moves) while the ping runs
      Wait.until("agent " + h + " registered again", CONVERGE, () -> {
        lab.assertAllAlive();
        String seen = hostField(h, "lastSeen");
        return "up".equalsIgnoreCase(hostField(h, "status")) && seen != null && !seen.equals(seenBefore);
      });
    }
    int[] r = await(ping, Duration.ofSeconds(90));
    System.out.printf("ping across agent restarts: %d sent, %d received%n", r[0], r[1]);
    assertThat(r[1]).as("replies of %d echo requests across two agent restarts", r[0]).isEqualTo(r[0]);
    assertThat(r[0]).isEqualTo(150);
    lab.assertAllAlive();
  }

  /** A field of host {@code h} in GET /v1/hosts, or null. */
  private String hostField(int h, String field) {
    for (JsonNode host : lab.api().hosts()) {
      if (Lab.hostId(h).equals(Api.text(host, "id", "hostId"))) {
        return Api.text(host, field);
      }
    }
    return null;
  }

  @Test
  @Order(4)
  void coordinatorAwayThirtySecondsTrafficFlowsAndChangesConvergeAfter() throws Exception {
    Ctr from = ctrs.get("blue-1");
    Ctr to = ctrs.get("blue-3");
    awaitPing(from, to);
    awaitPing(ctrs.get("red-2"), ctrs.get("red-3"));
    CompletableFuture<int[]> ping = longPing(from, to, 200); // 40 s
    lab.stopCoordinator();
    long back = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    // the outage itself: 30 s, during which agents keep running and traffic keeps flowing
    Wait.until("30 s of coordinator outage", Duration.ofSeconds(40), () -> {
      for (int h = 1; h <= HOSTS; h++) {
        assertThat(lab.agentAlive(h)).as("agent %d alive while the coordinator is away", h).isTrue();
      }
      return System.nanoTime() > back;
    });
    assertThat(ping(ctrs.get("red-2"), ctrs.get("red-3"), 2)).as("red-2 reaches red-3 with the coordinator away")
        .isTrue();
    lab.startCoordinator();
    int[] r = await(ping, Duration.ofSeconds(90));
    System.out.printf("ping across a 30 s coordinator outage: %d sent, %d received%n", r[0], r[1]);
    assertThat(r[1]).as("replies of %d echo requests across the outage", r[0]).isEqualTo(r[0]);

    // a change after it returns converges: a new container on host 3 is reached from hosts 1 and 2
    start("late-3", 3, "blue");
    Ctr late = attached(ctrs.get("late-3"));
    ctrs.put("late-3", late);
    awaitPing(ctrs.get("blue-1"), late);
    awaitPing(ctrs.get("blue-2"), late);
    awaitPing(late, ctrs.get("blue-1"));
    assertThat(ping(ctrs.get("red-1"), late, 2)).as("red-1 must not reach late-3").isFalse();
  }
}
