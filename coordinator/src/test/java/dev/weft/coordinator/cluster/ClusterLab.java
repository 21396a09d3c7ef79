package dev.weft.coordinator.cluster;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Real coordinator members as separate JVM processes (started from the test classpath with {@code java -cp}) sharing
 * a real PostgreSQL, with Hazelcast on 127.0.0.11, .12, .13 so that iptables rules on loopback can cut members off
 * from each other by address. Everything it starts it stops in {@link #close()}, rules included.
 */
final class ClusterLab implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String DEFAULT_PG = "postgresql://weft:weft@127.0.0.1:5432/weft";

  final String pg;
  private final String server;
  private final String schema;
  final List<Member> members = new ArrayList<>();
  private final Path dir;
  /** The cluster's master key, shared by every member through --master-key-file. */
  final Path masterKey;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
  private boolean chain;
  /** Rules of this lab only (its ports), so that labs of concurrent test runs never cut each other. */
  private final String chainName;

  /**
   * The PostgreSQL of the tests: a container of {@link dev.weft.coordinator.store.ContainerPostgres} shared by this
   * JVM, or the one of {@code WEFT_TEST_PG} when that is set; under CI=true its absence fails the test, elsewhere it
   * skips.
   */
  static String requirePostgres() {
    return dev.weft.coordinator.store.ContainerPostgres.shared();
  }

  /** Root and iptables, for cutting members apart; under CI=true their absence fails. */
  static void requireIptables() {
    boolean ok;
    try {
      ok = new ProcessBuilder("iptables", "-w", "-S", "INPUT").redirectErrorStream(true).start().waitFor() == 0;
    } catch (IOException | InterruptedException e) {
      ok = false;
    }
    if (!ok) {
      if ("true".equals(System.getenv("CI"))) {
        fail("iptables is not usable (the partition tests run as root)");
      }
      Assumptions.abort("iptables is not usable (run as root)");
    }
  }

  static Connection connect(String url) throws SQLException {
    URI uri = URI.create(url);
    String[] user = uri.getUserInfo().split(":", 2);
    return DriverManager.getConnection("jdbc:postgresql://" + uri.getHost() + ":" + uri.getPort() + uri.getPath()
        + "?connectTimeout=5" + (uri.getQuery() == null ? "" : "&" + uri.getQuery()), user[0],
        user.length > 1 ? user[1] : "");
  }

  ClusterLab(String server, Path dir, int size) {
    // A schema of its own, so that test runs sharing one PostgreSQL never see each other's rows.
    this.schema = "weft_test_" + ProcessHandle.current().pid() + "_" + System.nanoTime() % 1_000_000;
    this.pg = server + "?currentSchema=" + schema;
    this.server = server;
    this.dir = dir;
    try (Connection c = connect(server); Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + schema);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot make a schema in " + server + ": " + e.getMessage(), e);
    }
    int base = 15701 + (int) ((ProcessHandle.current().pid() * 7 + System.nanoTime() / 1000) % 2000) * 4;
    this.chainName = "WEFT-CHAOS-" + base;
    List<String> addresses = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      addresses.add("127.0.0." + (11 + i) + ":" + (base + i));
    }
    // One master key for every member, as the README says (issue 12): members with another key are refused.
    this.masterKey = dir.resolve("master.key");
    try {
      Files.createDirectories(dir);
      Files.deleteIfExists(masterKey);
      Files.createFile(masterKey, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
          java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
      Files.writeString(masterKey, dev.weft.coordinator.pki.MasterKey.generate().text() + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the lab's master key " + masterKey, e);
    }
    for (int i = 0; i < size; i++) {
      members.add(new Member(i, addresses.get(i), String.join(",", addresses), freePort(), dir.resolve("m" + i)));
    }
  }

  /**
   * Starts every member, the first one a moment ahead (members that start at the very same moment form separate
   * clusters first and merge some seconds later), and waits until each answers {@code /health}.
   */
  void startAll(Duration timeout) {
    for (Member m : members) {
      m.start();
      sleep(m.index == 0 ? 2500 : 300);
    }
    members.forEach(m -> m.awaitHealthy(timeout));
  }

  Member member(int i) {
    return members.get(i);
  }

  /** Drops Hazelcast traffic between the members in {@code side} and all others (both directions). */
  void partition(Set<Integer> side) {
    ensureChain();
    for (Member a : members) {
      for (Member b : members) {
        if (side.contains(a.index) && !side.contains(b.index)) {
          // Both directions, connections opened by either side: match this lab's ports at either end.
          for (String[] pair : List.of(new String[] {a.host(), b.host(), b.port()},
              new String[] {a.host(), b.host(), a.port()}, new String[] {b.host(), a.host(), a.port()},
              new String[] {b.host(), a.host(), b.port()})) {
            iptables("-A", chainName, "-p", "tcp", "-s", pair[0], "-d", pair[1], "--dport", pair[2], "-j", "DROP");
            iptables("-A", chainName, "-p", "tcp", "-s", pair[0], "-d", pair[1], "--sport", pair[2], "-j", "DROP");
          }
        }
      }
    }
  }

  void heal() {
    if (chain) {
      iptables("-F", chainName);
    }
  }

  private void ensureChain() {
    if (!chain) {
      iptablesQuiet("-D", "INPUT", "-j", chainName);
      iptablesQuiet("-F", chainName);
      iptablesQuiet("-X", chainName);
      iptables("-N", chainName);
      iptables("-I", "INPUT", "1", "-j", chainName);
      chain = true;
    }
  }

  private static void iptables(String... args) {
    if (!iptablesQuiet(args)) {
      throw new IllegalStateException("iptables " + String.join(" ", args) + " failed");
    }
  }

  private static boolean iptablesQuiet(String... args) {
    List<String> command = new ArrayList<>(List.of("iptables", "-w"));
    command.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .start();
      return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** An HTTP exchange with one member: status and parsed body; status -1 when the member did not answer. */
  Reply call(Member m, String method, String path, String body, String token) {
    try {
      HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + m.httpPort + path))
          .timeout(Duration.ofSeconds(12)).header("Authorization", "Bearer " + token);
      b = body == null ? b.method(method, HttpRequest.BodyPublishers.noBody())
          : b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
      HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
      JsonNode json = null;
      try {
        json = r.body().isEmpty() ? null : JSON.readTree(r.body());
      } catch (IOException e) {
        // not JSON (metrics)
      }
      return new Reply(r.statusCode(), json, r.body());
    } catch (IOException e) {
      return new Reply(-1, null, e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Reply(-1, null, "interrupted");
    }
  }

  record Reply(int status, JsonNode json, String body) {
  }

  /** The rows of one map in the database, key to JSON. */
  Map<String, JsonNode> stored(String map) {
    Map<String, JsonNode> rows = new HashMap<>();
    try (Connection c = connect(pg); Statement s = c.createStatement();
         ResultSet r = s.executeQuery("SELECT k, json FROM entries WHERE map = '" + map + "'")) {
      while (r.next()) {
        rows.put(r.getString(1), JSON.readTree(r.getString(2)));
      }
    } catch (SQLException | IOException e) {
      throw new IllegalStateException("cannot read " + map + ": " + e.getMessage(), e);
    }
    return rows;
  }

  /** Lines of every member's log that contain {@code text}: evidence of what the cluster went through. */
  long logLines(String text) {
    long count = 0;
    for (Member m : members) {
      Path log = dir.resolve("member-" + m.index + ".log");
      try (java.util.stream.Stream<String> lines = Files.lines(log, java.nio.charset.StandardCharsets.ISO_8859_1)) {
        count += lines.filter(l -> l.contains(text)).count();
      } catch (IOException | UncheckedIOException e) {
        // no log yet
      }
    }
    return count;
  }

  @Override
  public void close() {
    for (Member m : members) {
      m.kill();
    }
    if (chain) {
      iptablesQuiet("-D", "INPUT", "-j", chainName);
      iptablesQuiet("-F", chainName);
      iptablesQuiet("-X", chainName);
      chain = false;
    }
    try (Connection c = connect(server); Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    } catch (SQLException e) {
      // left behind; harmless
    }
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One member process; keeps its ports and data dir across restarts. */
  final class Member {
    final int index;
    final String clusterAddress;
    final String allMembers;
    final int httpPort;
    final Path dataDir;
    private volatile Process process;

    Member(int index, String clusterAddress, String allMembers, int httpPort, Path dataDir) {
      this.index = index;
      this.clusterAddress = clusterAddress;
      this.allMembers = allMembers;
      this.httpPort = httpPort;
      this.dataDir = dataDir;
    }

    String host() {
      return clusterAddress.substring(0, clusterAddress.lastIndexOf(':'));
    }

    String port() {
      return clusterAddress.substring(clusterAddress.lastIndexOf(':') + 1);
    }

    synchronized void start() {
      if (alive()) {
        return;
      }
      try {
        Files.createDirectories(dataDir);
        List<String> command = new ArrayList<>(List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx192m", "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), "dev.weft.coordinator.Main",
            "--listen", "127.0.0.1:" + httpPort, "--data-dir", dataDir.toString(),
            "--cluster-listen", clusterAddress, "--cluster-members", allMembers, "--store", pg,
            "--master-key-file", masterKey.toString(),
            "--heartbeat-timeout", "30", "--block-grace", "86400", "--tls", "false"));
        process = new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("member-" + index + ".log").toFile()))
            .start();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start member " + index, e);
      }
    }

    boolean alive() {
      Process p = process;
      return p != null && p.isAlive();
    }

    /** kill -9. */
    synchronized void kill() {
      Process p = process;
      if (p != null) {
        p.destroyForcibly();
        try {
          p.waitFor(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }

    /** Waits until {@code /health} answers 200. */
    void awaitHealthy(Duration timeout) {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (System.nanoTime() < deadline) {
        if (call(this, "GET", "/health", null, "").status() == 200) {
          return;
        }
        if (!alive()) {
          fail("member " + index + " exited:\n" + tail(dir.resolve("member-" + index + ".log")));
        }
        sleep(250);
      }
      fail("member " + index + " not healthy within " + timeout + ":\n" + tail(dir.resolve("member-" + index + ".log")));
    }

    String adminToken() {
      return read("admin-token");
    }

    String joinToken() {
      return read("join-token");
    }

    private String read(String file) {
      try {
        return Files.readString(dataDir.resolve(file)).trim();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log, java.nio.charset.StandardCharsets.ISO_8859_1);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(no log at " + log + ")";
    }
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
