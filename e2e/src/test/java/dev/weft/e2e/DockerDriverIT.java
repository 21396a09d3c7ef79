package dev.weft.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
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
 * Issue 14 end to end: Weft as the Docker network driver and IPAM driver {@code weft} on three lab hosts (each a real
 * dockerd 20.10 with its own /run/docker/plugins, served by its own agent). What a Docker user types: {@code docker
 * network ls}, {@code docker run --network}, {@code --ip}, {@code docker network connect/disconnect}, {@code docker
 * rm}; and what a bad option gets.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DockerDriverIT {
  static final int HOSTS = 3;
  static final Duration CONVERGE = Duration.ofSeconds(60);
  static final Pattern PING_STATS = Pattern.compile("(\\d+) packets transmitted, (\\d+) (?:packets )?received");

  private Lab lab;

  @BeforeAll
  void up() {
    Prereqs.check(true);
    lab = Lab.up(HOSTS);
    lab.startAllAndAwaitHostsUp(CONVERGE);
    lab.api().createNetwork("blue");
    lab.api().createNetwork("red");
  }

  @AfterAll
  void down() {
    if (lab != null) {
      lab.close();
    }
  }

  @Test
  @Order(1)
  void everyWeftNetworkIsADockerNetworkOfDriverWeftOnEveryHost() {
    String blueSubnet = subnetOf("blue");
    for (int h = 1; h <= HOSTS; h++) {
      int host = h;
      Wait.until("blue and red in docker network ls on host " + h, CONVERGE, () -> {
        List<String> names = weftNetworks(host);
        return names.contains("blue") && names.contains("red");
      });
      String inspect = lab.docker(h, "network", "inspect", "blue", "--format",
          "{{.Driver}} {{.IPAM.Driver}} {{(index .IPAM.Config 0).Subnet}}").orThrow().text();
      assertThat(inspect).as("docker network inspect blue on host %d", h).isEqualTo("weft weft " + blueSubnet);
    }
  }

  @Test
  @Order(2)
  void dockerRunNetworkReachesAcrossHostsAndNeverTheOtherNetwork() {
    String ip1 = run(1, "d-blue-1", "--network", "blue");
    String ip2 = run(2, "d-blue-2", "--network", "blue");
    String ip3 = run(3, "d-red-3", "--network", "red");
    for (String[] c : new String[][] {{"d-blue-1", ip1}, {"d-blue-2", ip2}, {"d-red-3", ip3}}) {
      String net = c[0].contains("blue") ? "blue" : "red";
      Wait.until(c[0] + "'s address " + c[1] + " in GET /v1/networks/" + net + "/endpoints", CONVERGE,
          () -> lab.api().endpoints(net).stream().anyMatch(e -> c[1].equals(Api.ip(e))));
    }
    awaitPing(1, "d-blue-1", ip2);
    awaitPing(2, "d-blue-2", ip1);
    assertThat(ping(3, "d-red-3", ip1, 2)).as("red reaches blue").isFalse();
    assertThat(ping(1, "d-blue-1", ip3, 2)).as("blue reaches red").isFalse();
  }

  @Test
  @Order(3)
  void connectDisconnectAndRemoveReachEveryHost() {
    lab.docker(3, "run", "-d", "--name", "d-plain-3", "weft/busybox:lab", "sleep", "36000").orThrow();
    lab.docker(3, "network", "connect", "blue", "d-plain-3").orThrow();
    String ip = address(3, "d-plain-3", "blue");
    String ip1 = address(1, "d-blue-1", "blue");
    awaitPing(3, "d-plain-3", ip1);
    awaitPing(1, "d-blue-1", ip);

    lab.docker(3, "network", "disconnect", "blue", "d-plain-3").orThrow();
    Wait.until(ip + " leaves the API after docker network disconnect", CONVERGE,
        () -> lab.api().endpoints("blue").stream().noneMatch(e -> ip.equals(Api.ip(e))));
    assertThat(lab.docker(3, "exec", "d-plain-3", "ip", "-o", "-4", "addr").out()).doesNotContain(ip + "/");

    String ip2 = address(2, "d-blue-2", "blue");
    lab.docker(2, "rm", "-f", "d-blue-2").orThrow();
    Wait.until(ip2 + " leaves the API after docker rm", CONVERGE,
        () -> lab.api().endpoints("blue").stream().noneMatch(e -> ip2.equals(Api.ip(e))));
    Wait.until("every kernel forgets " + ip2, CONVERGE,
        () -> KernelView.weftNamespaces().stream().noneMatch(n -> n.hasNeighbour(ip2)));
  }

  @Test
  @Order(4)
  void ipInTheHostsBlockIsGivenAndBadInputIsRefusedByName() {
    String any = run(2, "d-blue-2b", "--network", "blue");
    String wanted = nextAddress(any);
    lab.docker(2, "run", "-d", "--name", "d-ip-2", "--network", "blue", "--ip", wanted, "weft/busybox:lab",
        "sleep", "36000").orThrow();
    assertThat(address(2, "d-ip-2", "blue")).isEqualTo(wanted);

    Sh.Result taken = lab.docker(2, "run", "-d", "--name", "d-ip-taken", "--network", "blue", "--ip", wanted,
        "weft/busybox:lab", "sleep", "36000");
    assertThat(taken.ok()).as("a second container with --ip %s", wanted).isFalse();
    assertThat(taken.err()).contains(wanted).contains("in use");

    Sh.Result outside = lab.docker(2, "run", "-d", "--name", "d-ip-outside", "--network", "blue", "--ip",
        "10.99.0.5", "weft/busybox:lab", "sleep", "36000");
    assertThat(outside.ok()).isFalse();
    assertThat(outside.err()).contains("10.99.0.5");

    Sh.Result badOption = lab.docker(1, "network", "create", "-d", "weft", "--ipam-driver", "weft", "-o",
        "bogus=1", "--subnet", subnetOf("blue"), "d-bad");
    assertThat(badOption.ok()).isFalse();
    assertThat(badOption.err()).contains("bogus=1").contains("unknown option");
    Sh.Result noSuch = lab.docker(1, "network", "create", "-d", "weft", "--ipam-driver", "weft", "--ipam-opt",
        "weft.network=nosuch", "d-bad");
    assertThat(noSuch.ok()).isFalse();
    assertThat(noSuch.err()).contains("nosuch").contains("weft network create");
    assertThat(weftNetworks(1)).as("nothing half-made").doesNotContain("d-bad");
    // the endpoints of refused containers were never told to the coordinator
    assertThat(lab.api().endpoints("blue").stream().filter(e -> wanted.equals(Api.ip(e))).count()).isEqualTo(1);
  }

  @Test
  @Order(5)
  void agentRestartLosesNoPacketAndTheDriverAnswersAgain() throws Exception {
    String ip1 = address(1, "d-blue-1", "blue");
    String ip2 = address(2, "d-blue-2b", "blue");
    awaitPing(1, "d-blue-1", ip2);
    CompletableFuture<int[]> ping = CompletableFuture.supplyAsync(() -> {
      Sh.Result r = lab.docker(1, Duration.ofSeconds(90), "exec", "d-blue-1", "ping", "-i", "0.2", "-c", "150",
          "-W", "1", ip2);
      Matcher m = PING_STATS.matcher(r.out());
      if (!m.find()) {
        throw new AssertionError("no ping statistics: " + r.out() + r.err());
      }
      return new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))};
    });
    for (int h : new int[] {1, 2}) {
      lab.stopAgent(h);
      lab.startAgent(h);
    }
    int[] r = ping.get(120, TimeUnit.SECONDS);
    System.out.printf("ping across two agent restarts (docker driver endpoints): %d sent, %d received%n", r[0], r[1]);
    assertThat(r[1]).as("replies of %d echo requests across two agent restarts", r[0]).isEqualTo(r[0]);
    // the restarted agents answer Docker again, and the new container reaches the old ones
    String ip = Wait.until("docker run --network blue on host 2 after its agent restarted", CONVERGE,
        Duration.ofSeconds(1), () -> {
          Sh.Result run = lab.docker(2, "run", "-d", "--name", "d-after-2", "--network", "blue", "weft/busybox:lab",
              "sleep", "36000");
          if (!run.ok()) {
            lab.docker(2, "rm", "-f", "d-after-2");
            return Optional.empty();
          }
          return Optional.of(address(2, "d-after-2", "blue"));
        });
    awaitPing(2, "d-after-2", ip1);
    awaitPing(1, "d-blue-1", ip);
  }

  @Test
  @Order(6)
  void aNetworkDeletedThroughTheApiLeavesDockerOnEveryHost() {
    lab.api().createNetwork("green");
    for (int h = 1; h <= HOSTS; h++) {
      int host = h;
      Wait.until("green in docker network ls on host " + h, CONVERGE, () -> weftNetworks(host).contains("green"));
    }
    Api.Response r = lab.api().call("DELETE", "/v1/networks/green", null);
    assertThat(r.status() / 100).as("DELETE /v1/networks/green: %s", r.body()).isEqualTo(2);
    for (int h = 1; h <= HOSTS; h++) {
      int host = h;
      Wait.until("green gone from docker network ls on host " + h, CONVERGE,
          () -> !weftNetworks(host).contains("green"));
    }
  }

  // ------------------------------------------------------------ helpers

  private List<String> weftNetworks(int host) {
    return Arrays.asList(lab.docker(host, "network", "ls", "--filter", "driver=weft", "--format", "{{.Name}}")
        .orThrow().text().split("\n"));
  }

  private String subnetOf(String network) {
    Api.Response r = lab.api().call("GET", "/v1/networks/" + network, null);
    JsonNode n = r.json();
    return n.get("subnet").asText();
  }

  /** {@code docker run -d --name NAME ARGS… busybox}; returns the container's address on its Weft network. */
  private String run(int host, String name, String... args) {
    List<String> cmd = new java.util.ArrayList<>(List.of("run", "-d", "--name", name));
    cmd.addAll(List.of(args));
    cmd.addAll(List.of("weft/busybox:lab", "sleep", "36000"));
    lab.docker(host, cmd.toArray(String[]::new)).orThrow();
    return address(host, name, args[1]);
  }

  private String address(int host, String container, String network) {
    String ip = lab.docker(host, "inspect", container, "--format",
        "{{(index .NetworkSettings.Networks \"" + network + "\").IPAddress}}").orThrow().text();
    assertThat(ip).as("address of %s on %s", container, network).isNotBlank();
    return ip;
  }

  private static String nextAddress(String ip) {
    String[] p = ip.split("\\.");
    return p[0] + "." + p[1] + "." + p[2] + "." + (Integer.parseInt(p[3]) + 5);
  }

  private boolean ping(int host, String from, String to, int count) {
    return lab.docker(host, Duration.ofSeconds(count + 10L), "exec", from, "ping", "-c", Integer.toString(count), "-W",
        "1", to).ok();
  }

  private void awaitPing(int host, String from, String to) {
    Wait.until(from + " reaches " + to, CONVERGE, () -> ping(host, from, to, 1));
  }
}
