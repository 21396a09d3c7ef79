package dev.weft.e2e;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A lab of Docker hosts (lab/lab.sh), a coordinator and an agent per host, run from the built jars as processes.
 * Host i is network namespace weftlab-i at 10.77.0.i with its own dockerd; the coordinator listens on the
 * underlay bridge 10.77.0.254 in the root namespace. {@link #close()} always tears everything down.
 */
final class Lab implements AutoCloseable {
  static final Path ROOT = Path.of(System.getProperty("weft.root", "..")).toAbsolutePath().normalize();
  static final Path COORDINATOR_JAR = ROOT.resolve("coordinator/target/weft-coordinator.jar");
  static final Path AGENT_JAR = ROOT.resolve("agent/target/weft-agent.jar");
  static final Path LAB_SH = ROOT.resolve("lab/lab.sh");
  static final Path LOGS = Path.of(System.getProperty("weft.e2e.logs", "target/e2e-logs")).toAbsolutePath();
  static final Path PROCS = Path.of("/run/weftlab/procs");
  static final String BRIDGE_ADDR = "10.77.0.254";
  static final int PORT = Integer.getInteger("weft.e2e.port", 7781);
  static final Duration CMD = Duration.ofSeconds(60);

  final int hosts;
  final Path coordinatorData;
  private Process coordinator;
  private final Map<Integer, Process> agents = new LinkedHashMap<>();
  private Api api;

  private Lab(int hosts) {
    this.hosts = hosts;
    this.coordinatorData = LOGS.getParent().resolve("e2e-data/coordinator");
  }

  /** Tears down whatever an earlier run left, then makes {@code hosts} fresh lab hosts. */
  static Lab up(int hosts) {
    Lab lab = new Lab(hosts);
    try {
      Files.createDirectories(LOGS);
      lab.labSh(Duration.ofMinutes(3), "down").orThrow();
      lab.labSh(Duration.ofMinutes(5), "up", Integer.toString(hosts)).orThrow();
      Files.createDirectories(PROCS);
    } catch (IOException e) {
      lab.close();
      throw new UncheckedIOException(e);
    } catch (RuntimeException | AssertionError e) {
      lab.close();
      throw e;
    }
    return lab;
  }

  Sh.Result labSh(Duration timeout, String... args) {
    List<String> cmd = new ArrayList<>(List.of(LAB_SH.toString()));
    cmd.addAll(Arrays.asList(args));
    return Sh.run(timeout, cmd);
  }

  static String ns(int host) {
    return "/var/run/netns/weftlab-" + host;
  }

  static String sock(int host) {
    return "unix:///run/weftlab/" + host + "/docker.sock";
  }

  static String hostId(int host) {
    return "lab-" + host;
  }

  static String underlayIp(int host) {
    return "10.77.0." + host;
  }

  /** docker against lab host {@code host}. */
  Sh.Result docker(int host, String... args) {
    return docker(host, CMD, args);
  }

  Sh.Result docker(int host, Duration timeout, String... args) {
    List<String> cmd = new ArrayList<>(List.of("docker", "-H", sock(host)));
    cmd.addAll(Arrays.asList(args));
    return Sh.run(timeout, cmd);
  }

  /** A command in lab host {@code host}'s network namespace. */
  Sh.Result exec(int host, String... args) {
    List<String> cmd = new ArrayList<>(List.of("nsenter", "--net=" + ns(host)));
    cmd.addAll(Arrays.asList(args));
    return Sh.run(CMD, cmd);
  }

  /** Starts a busybox container on {@code host} labelled for {@code networks}; returns its full id. */
  String runContainer(int host, String name, String networks) {
    List<String> args = new ArrayList<>(List.of("run", "-d", "--name", name));
    if (networks != null) {
      args.addAll(List.of("--label", "weft.networks=" + networks));
    }
    args.addAll(List.of("weft/busybox:lab", "sleep", "36000"));
    return docker(host, args.toArray(String[]::new)).orThrow().text();
  }

  // ------------------------------------------------------------ coordinator

  /** TLS is on by default (issue 6): the agents check it by the join token, the tests' client by ca.pem. */
  String coordinatorUrl() {
    return "https://" + BRIDGE_ADDR + ":" + PORT;
  }

  Api api() {
    if (api == null) {
      throw new IllegalStateException("coordinator not started");
    }
    return api;
  }

  /** Starts the coordinator (keeping its data directory if it exists) and waits for /health and its tokens. */
  void startCoordinator() {
    startCoordinator(List.of());
  }

  /** The same, with more coordinator flags (for example {@code --swarm-manager URL}). */
  void startCoordinator(List<String> extraArgs) {
    if (coordinator != null && coordinator.isAlive()) {
      throw new IllegalStateException("coordinator already running");
    }
    try {
      Files.createDirectories(coordinatorData);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<String> cmd = new ArrayList<>(List.of(java(), "-jar", COORDINATOR_JAR.toString(),
        "--data-dir", coordinatorData.toString(), "--listen", BRIDGE_ADDR + ":" + PORT));
    cmd.addAll(extraArgs);
    coordinator = start("coordinator", cmd);
    String admin = Wait.until("coordinator tokens in " + coordinatorData, Duration.ofSeconds(60),
        Duration.ofMillis(200), () -> {
          assertAlive("coordinator", coordinator);
          return readToken("ca.pem").flatMap(ca -> readToken("admin-token"));
        });
    api = new Api(coordinatorUrl(), admin, coordinatorData.resolve("ca.pem"));
    Wait.until("coordinator /health at " + coordinatorUrl(), Duration.ofSeconds(60), () -> {
      assertAlive("coordinator", coordinator);
      return api.health();
    });
  }

  String joinToken() {
    return readToken("join-token").orElseThrow(() -> new AssertionError("no join-token in " + coordinatorData));
  }

  /** Stops the coordinator with SIGTERM (then SIGKILL after 20 s) and waits for it to exit. */
  void stopCoordinator() {
    stop(coordinator, "coordinator");
    coordinator = null;
  }

  /** Removes the coordinator's data directory (only while it is stopped). */
  void wipeCoordinatorData() {
    if (coordinator != null && coordinator.isAlive()) {
      throw new IllegalStateException("coordinator running");
    }
    deleteTree(coordinatorData);
  }

  private Optional<String> readToken(String name) {
    Path f = coordinatorData.resolve(name);
    try {
      if (Files.isRegularFile(f)) {
        String t = Files.readString(f).trim();
        return t.isEmpty() ? Optional.empty() : Optional.of(t);
      }
    } catch (IOException e) {
      // not yet written
    }
    return Optional.empty();
  }

  // ------------------------------------------------------------ agents

  static Path agentState(int host) {
    return Path.of("/var/lib/weftlab/" + host + "/weft");
  }

  /** Starts the agent of lab host {@code host} inside its network namespace. */
  void startAgent(int host) {
    Process old = agents.get(host);
    if (old != null && old.isAlive()) {
      throw new IllegalStateException("agent " + host + " already running");
    }
    List<String> cmd = List.of("nsenter", "--net=" + ns(host), java(), "-jar", AGENT_JAR.toString(),
        "--coordinator", coordinatorUrl(), "--join-token", joinToken(), "--docker-host", sock(host),
        "--host-id", hostId(host), "--state-dir", agentState(host).toString(), "--underlay-interface", "eth0",
        "--wireguard-port", Integer.toString(wireguardPort(host)), "--plugin-socket", pluginSocket(host));
    agents.put(host, start("agent-" + host, cmd));
  }

  /**
   * Where host {@code host}'s agent serves the Docker driver (issue 14): the folder lab.sh mounts over its dockerd's
   * /run/docker/plugins.
   */
  static String pluginSocket(int host) {
    return "/run/weftlab/" + host + "/plugins/weft.sock";
  }

  /** Each host's WireGuard listens on a port of its own, 51820 and up: peers must use the port each reported. */
  static int wireguardPort(int host) {
    return 51819 + host;
  }

  void startAgents() {
    for (int i = 1; i <= hosts; i++) {
      deleteTree(agentState(i));
      startAgent(i);
    }
  }

  /**
   * A fresh coordinator and an agent on every host, each host {@code up} in GET /v1/hosts within {@code converge}.
   */
  void startAllAndAwaitHostsUp(Duration converge) {
    wipeCoordinatorData();
    startCoordinator();
    startAgents();
    for (int h = 1; h <= hosts; h++) {
      int host = h;
      Wait.until("host " + hostId(h) + " up in GET /v1/hosts", converge, () -> {
        assertAllAlive();
        return api().hosts().stream().anyMatch(j -> hostId(host).equals(Api.text(j, "id", "hostId"))
            && "up".equalsIgnoreCase(Api.text(j, "status")));
      });
    }
  }

  /** SIGTERM, as systemd would on a restart; waits for exit. */
  void stopAgent(int host) {
    stop(agents.remove(host), "agent-" + host);
  }

  boolean agentAlive(int host) {
    Process p = agents.get(host);
    return p != null && p.isAlive();
  }

  void assertAllAlive() {
    if (coordinator != null) {
      assertAlive("coordinator", coordinator);
    }
    agents.forEach((h, p) -> assertAlive("agent-" + h, p));
  }

  // ------------------------------------------------------------ processes

  private static String java() {
    return ProcessHandle.current().info().command().orElse("java");
  }

  private Process start(String name, List<String> cmd) {
    try {
      File log = LOGS.resolve(name + ".log").toFile();
      Files.writeString(log.toPath(), "\n===== " + java.time.Instant.now() + " " + String.join(" ", cmd) + "\n",
          java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log))
          .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
      Files.createDirectories(PROCS);
      Files.writeString(PROCS.resolve("e2e-" + name + ".pid"), Long.toString(p.pid()));
      return p;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name + ": " + cmd, e);
    }
  }

  private static void assertAlive(String name, Process p) {
    if (p != null && !p.isAlive()) {
      throw new AssertionError(name + " exited with status " + p.exitValue() + " (log: " + LOGS.resolve(name + ".log")
          + ")\n" + tail(LOGS.resolve(name + ".log"), 30));
    }
  }

  static String tail(Path f, int lines) {
    try {
      List<String> all = Files.readAllLines(f);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException | RuntimeException e) {
      return "(no log)";
    }
  }

  private static void stop(Process p, String name) {
    if (p == null) {
      return;
    }
    p.destroy();
    try {
      if (!p.waitFor(20, TimeUnit.SECONDS)) {
        System.err.println("[lab] " + name + " ignored SIGTERM for 20 s; killing");
        p.destroyForcibly();
        p.waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
    }
    try {
      Files.deleteIfExists(PROCS.resolve("e2e-" + name + ".pid"));
    } catch (IOException e) {
      // lab down cleans up
    }
  }

  private static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Stops agents and coordinator, then tears the lab down. Never throws. */
  @Override
  public void close() {
    if (!Boolean.getBoolean("weft.e2e.keep")) {
      // while the agents still answer for the networks of Weft's Docker driver (see lab.sh, remove_containers)
      labSh(Duration.ofMinutes(2), "rmall");
    }
    for (Integer h : new ArrayList<>(agents.keySet())) {
      try {
        stopAgent(h);
      } catch (RuntimeException e) {
        System.err.println("[lab] stopping agent " + h + ": " + e);
      }
    }
    try {
      stopCoordinator();
    } catch (RuntimeException e) {
      System.err.println("[lab] stopping coordinator: " + e);
    }
    if (!Boolean.getBoolean("weft.e2e.keep")) {
      Sh.Result down = labSh(Duration.ofMinutes(3), "down");
      if (!down.ok()) {
        System.err.println("[lab] lab.sh down failed: " + down.err());
      }
    }
  }
}
