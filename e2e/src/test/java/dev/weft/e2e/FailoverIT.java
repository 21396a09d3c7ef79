package dev.weft.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Issue 4 in the lab: three coordinator members on a real PostgreSQL, two lab hosts whose agents are given all three
 * members. The member the agents use is killed with {@code kill -9} while a container pings a container on the other
 * host: the agents move to another member and not one ping is lost (the data plane never waits for the control
 * plane).
 */
class FailoverIT {
  private static final Pattern PING_STATS =
      Pattern.compile("(\\d+) packets transmitted, (\\d+) (?:packets )?received");
  private static final Duration CONVERGE = Duration.ofSeconds(90);
  private static final int MEMBERS = 3;

  private final List<Process> processes = new ArrayList<>();

  @Test
  void agentsFailOverBetweenMembersWhileAPingBetweenContainersLosesNothing() throws Exception {
    Prereqs.check(true);
    String schemaUrl = freshSchema();
    try (Lab lab = Lab.up(2)) {
      List<Process> members = new ArrayList<>();
      List<String> urls = new ArrayList<>();
      List<Path> dataDirs = new ArrayList<>();
      int base = 16701 + (int) (ProcessHandle.current().pid() % 500) * 4;
      List<String> cluster = new ArrayList<>();
      for (int i = 0; i < MEMBERS; i++) {
        cluster.add("127.0.0." + (31 + i) + ":" + (base + i));
      }
      // One master key for every member (issue 12): the README's "the same master.key on every member".
      Path masterKey = Lab.LOGS.getParent().resolve("e2e-data/master.key");
      writeMasterKey(masterKey);
      for (int i = 0; i < MEMBERS; i++) {
        Path data = Lab.LOGS.getParent().resolve("e2e-data/member-" + i);
        deleteTree(data);
        dataDirs.add(data);
        urls.add("https://" + Lab.BRIDGE_ADDR + ":" + (7791 + i));
        members.add(start("member-" + i, List.of(java(), "-jar", Lab.COORDINATOR_JAR.toString(),
            "--listen", Lab.BRIDGE_ADDR + ":" + (7791 + i), "--data-dir", data.toString(),
            "--cluster-listen", cluster.get(i), "--cluster-members", String.join(",", cluster),
            "--store", schemaUrl, "--master-key-file", masterKey.toString())));
        Thread.sleep(i == 0 ? 2500 : 300);
      }
      String admin = Wait.until("admin token of member 1", CONVERGE, Duration.ofMillis(500),
          () -> read(dataDirs.get(1).resolve("admin-token")));
      String join = Wait.until("join token of member 1", CONVERGE, Duration.ofMillis(500),
          () -> read(dataDirs.get(1).resolve("join-token")));
      // one CA for the cluster (issue 6): member 1's ca.pem checks every member
      Wait.until("ca.pem of member 1", CONVERGE, Duration.ofMillis(500),
          () -> read(dataDirs.get(1).resolve("ca.pem")));
      List<Api> apis = urls.stream().map(u -> new Api(u, admin, dataDirs.get(1).resolve("ca.pem"))).toList();
      for (int i = 0; i < MEMBERS; i++) {
        Api api = apis.get(i);
        Wait.until("member " + i + " /health", CONVERGE, api::health);
      }
      for (int h = 1; h <= 2; h++) {
        Files.createDirectories(Lab.agentState(h));
        deleteTree(Lab.agentState(h));
        start("failover-agent-" + h, List.of("nsenter", "--net=" + Lab.ns(h), java(), "-jar",
            Lab.AGENT_JAR.toString(), "--coordinator", String.join(",", urls), "--join-token", join,
            "--docker-host", Lab.sock(h), "--host-id", Lab.hostId(h), "--state-dir", Lab.agentState(h).toString(),
            "--underlay-interface", "eth0"));
      }
      Api survivor = apis.get(1);
      for (int h = 1; h <= 2; h++) {
        String id = Lab.hostId(h);
        try {
          Wait.until("host " + id + " up", CONVERGE, () -> survivor.call("GET", "/v1/hosts/" + id, null).body()
              .contains("\"up\""));
        } catch (AssertionError e) {
          throw new AssertionError(e.getMessage() + "; " + survivor.call("GET", "/v1/hosts", null).body() + "\n"
              + warnings("failover-agent-" + h) + warnings("member-0") + warnings("member-1"), e);
        }
      }
      survivor.createNetwork("ha");
      lab.runContainer(1, "ha-1", "ha");
      String target = lab.runContainer(2, "ha-2", "ha");
      JsonNode endpoint = Wait.until("endpoint of ha-2", CONVERGE, Duration.ofMillis(250),
          () -> survivor.endpointOf("ha", target));
      String ip = Api.ip(endpoint);
      Wait.until("ha-1 reaches ha-2 (" + ip + ")", CONVERGE, () ->
          lab.docker(1, Duration.ofSeconds(10), "exec", "ha-1", "ping", "-c", "1", "-W", "1", ip).ok());

      CompletableFuture<int[]> ping = CompletableFuture.supplyAsync(() -> {
        Sh.Result r = lab.docker(1, Duration.ofSeconds(90), "exec", "ha-1", "ping", "-i", "0.2", "-c", "150",
            "-W", "1", ip);
        Matcher m = PING_STATS.matcher(r.out());
        if (!m.find()) {
          throw new AssertionError("no ping statistics: " + r.out() + r.err());
        }
        return new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))};
      });
      Thread.sleep(5000);
      members.get(0).destroyForcibly(); // kill -9 of the member the agents use (the first URL)
      members.get(0).waitFor(20, TimeUnit.SECONDS);
      int[] result = ping.get(2, TimeUnit.MINUTES);

      long failovers = 0;
      for (int i = 1; i < MEMBERS; i++) {
        for (String line : apis.get(i).call("GET", "/metrics", null).body().split("\n")) {
          if (line.startsWith("weft_agent_failovers_total ")) {
            failovers += (long) Double.parseDouble(line.substring(line.indexOf(' ') + 1));
          }
        }
      }
      System.out.println("failover ping: " + result[1] + "/" + result[0] + " received; " + failovers
          + " agent failovers seen by the surviving members");
      assertThat(result[1]).as("pings received while the agents' member was killed").isEqualTo(result[0]);
      assertThat(failovers).as("both agents moved to a surviving member").isGreaterThanOrEqualTo(2);
      for (int h = 1; h <= 2; h++) {
        String id = Lab.hostId(h);
        assertThat(survivor.call("GET", "/v1/hosts/" + id, null).body()).contains("\"up\"");
      }
    } finally {
      for (Process p : processes) {
        p.destroyForcibly();
        p.waitFor(20, TimeUnit.SECONDS);
      }
    }
  }

  /** 32 random bytes, base64, mode 0600: a master key as `head -c 32 /dev/urandom | base64` makes one. */
  private static void writeMasterKey(Path file) throws java.io.IOException {
    byte[] key = new byte[32];
    new java.security.SecureRandom().nextBytes(key);
    java.nio.file.Files.createDirectories(file.getParent());
    java.nio.file.Files.deleteIfExists(file);
    java.nio.file.Files.createFile(file, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
        java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
    java.nio.file.Files.writeString(file, java.util.Base64.getEncoder().encodeToString(key) + "\n");
  }

  /** A schema of its own in the PostgreSQL of WEFT_TEST_PG (required under CI=true), as a --store URL. */
  private static String freshSchema() throws Exception {
    String url = System.getenv().getOrDefault("WEFT_TEST_PG", "postgresql://weft:weft@127.0.0.1:5432/weft");
    URI uri = URI.create(url);
    String[] user = uri.getUserInfo().split(":", 2);
    String schema = "weft_e2e_" + ProcessHandle.current().pid();
    ProcessBuilder pb = new ProcessBuilder("psql", "-h", uri.getHost(), "-p", Integer.toString(uri.getPort()), "-U",
        user[0], "-d", uri.getPath().substring(1), "-v", "ON_ERROR_STOP=1", "-c",
        "DROP SCHEMA IF EXISTS " + schema + " CASCADE; CREATE SCHEMA " + schema).redirectErrorStream(true);
    pb.environment().put("PGPASSWORD", user.length > 1 ? user[1] : "");
    int exit;
    String out;
    try {
      Process p = pb.start();
      out = new String(p.getInputStream().readAllBytes());
      exit = p.waitFor();
    } catch (IOException e) {
      exit = -1;
      out = e.toString();
    }
    if (exit != 0) {
      String why = "no PostgreSQL at " + url + " (set WEFT_TEST_PG; .ci/run starts one): " + out.trim();
      if ("true".equals(System.getenv("CI"))) {
        throw new AssertionError(why);
      }
      Assumptions.abort(why);
    }
    return url + "?currentSchema=" + schema;
  }

  private Process start(String name, List<String> cmd) throws IOException {
    File log = Lab.LOGS.resolve(name + ".log").toFile();
    Files.createDirectories(Lab.LOGS);
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.to(log))
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
    processes.add(p);
    return p;
  }

  /** The last warnings and errors of one process's log, and its last lines: why it did not do its part. */
  private static String warnings(String name) {
    Path log = Lab.LOGS.resolve(name + ".log");
    try (java.util.stream.Stream<String> lines = Files.lines(log)) {
      List<String> bad = lines.filter(l -> l.contains(" WARN ") || l.contains(" ERROR ") || l.contains("Exception"))
          .filter(l -> !l.contains("com.hazelcast.instance.impl.HazelcastInstanceFactory")
              && !l.contains("com.hazelcast.cp.CPSubsystem"))
          .toList();
      return "-- " + name + ".log, last warnings:\n" + String.join("\n", bad.subList(Math.max(0, bad.size() - 8),
          bad.size())) + "\n-- " + name + ".log, last lines:\n" + Lab.tail(log, 4) + "\n";
    } catch (IOException | UncheckedIOException e) {
      return "-- " + name + ".log: " + e + "\n";
    }
  }

  private static java.util.Optional<String> read(Path file) {
    try {
      return Files.isRegularFile(file) ? java.util.Optional.of(Files.readString(file).trim())
          .filter(t -> !t.isEmpty()) : java.util.Optional.empty();
    } catch (IOException e) {
      return java.util.Optional.empty();
    }
  }

  private static String java() {
    return ProcessHandle.current().info().command().orElse("java");
  }

  private static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (java.util.stream.Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
