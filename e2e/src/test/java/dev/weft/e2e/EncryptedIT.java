package dev.weft.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Issue 6 end to end: an encrypted network and a plain one across 3 lab hosts (each a real dockerd), wireguard-go
 * (this machine has no WireGuard module), a capture on the lab's underlay bridge while containers exchange a known
 * payload, pre-shared key rotation under a constant ping, and a revoked host.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EncryptedIT {
  static final int HOSTS = 3;
  static final Duration CONVERGE = Duration.ofSeconds(60);
  static final int ROTATION_SECONDS = 8;
  static final String UNDERLAY_BRIDGE = "weftlab0";
  static final Pattern PING_STATS = Pattern.compile("(\\d+) packets transmitted, (\\d+) (?:packets )?received");

  record Ctr(String name, int host, String network, String id, String ip) {
  }

  private Lab lab;
  private final Map<String, Ctr> ctrs = new LinkedHashMap<>();

  @BeforeAll
  void up() {
    Prereqs.check(true);
    requireTools();
    lab = Lab.up(HOSTS);
    lab.wipeCoordinatorData();
    lab.startCoordinator(List.of("--psk-rotation", Integer.toString(ROTATION_SECONDS)));
    lab.startAgents();
    for (int h = 1; h <= HOSTS; h++) {
      int host = h;
      Wait.until("host " + Lab.hostId(h) + " up", CONVERGE, () -> {
        lab.assertAllAlive();
        return lab.api().hosts().stream().anyMatch(n -> Lab.hostId(host).equals(Api.text(n, "id"))
            && "up".equals(Api.text(n, "status")));
      });
    }
    lab.api().createEncryptedNetwork("sec");
    lab.api().createNetwork("open");
    for (int h = 1; h <= HOSTS; h++) {
      start("sec-" + h, h, "sec");
    }
    start("open-1", 1, "open");
    start("open-2", 2, "open");
    for (Ctr c : new ArrayList<>(ctrs.values())) {
      ctrs.put(c.name(), attached(c));
    }
  }

  /** wireguard-go, wg and tcpdump: under CI=true a missing one fails, elsewhere the tests are skipped. */
  private static void requireTools() {
    List<String> missing = new ArrayList<>();
    for (String tool : List.of("wireguard-go", "wg", "tcpdump")) {
      if (!Sh.run(Duration.ofSeconds(5), "sh", "-c", "command -v " + tool).ok()) {
        missing.add(tool);
      }
    }
    if (missing.isEmpty()) {
      return;
    }
    String msg = "encrypted-network test needs " + missing + " (apt-get install wireguard-go wireguard-tools tcpdump)";
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      throw new AssertionError(msg + " (CI=true: failing instead of skipping)");
    }
    System.err.println("!!! SKIPPING ENCRYPTED-NETWORK TESTS: " + msg);
    Assumptions.abort(msg);
  }

  @AfterAll
  void down() {
    if (lab != null) {
      lab.close();
    }
  }

  private void start(String name, int host, String network) {
    String id = lab.runContainer(host, name, network);
    ctrs.put(name, new Ctr(name, host, network, id, null));
  }

  private Ctr attached(Ctr c) {
    JsonNode ep = Wait.until("endpoint of " + c.name() + " in the API", CONVERGE, Duration.ofMillis(250), () -> {
      lab.assertAllAlive();
      return lab.api().endpointOf(c.network(), c.id());
    });
    String ip = Api.ip(ep);
    Wait.until(c.name() + " has " + ip, CONVERGE, () ->
        lab.docker(c.host(), "exec", c.name(), "ip", "-o", "-4", "addr", "show").out().contains(" " + ip + "/"));
    return new Ctr(c.name(), c.host(), c.network(), c.id(), ip);
  }

  private boolean ping(Ctr from, Ctr to, int count) {
    return lab.docker(from.host(), Duration.ofSeconds(count + 10L), "exec", from.name(), "ping", "-c",
        Integer.toString(count), "-W", "1", to.ip()).ok();
  }

  private void awaitPing(Ctr from, Ctr to) {
    Wait.until(from.name() + " reaches " + to.name() + " (" + to.ip() + ")", CONVERGE, () -> ping(from, to, 1));
  }

  /**
   * Pings with 1000 bytes of {@code pattern} (one hex byte) in every echo request and reply: the payload to look for in
   * the capture. Answers whether every reply came back.
   */
  private boolean pingWithPattern(Ctr from, Ctr to, String pattern) {
    return lab.docker(from.host(), Duration.ofSeconds(30), "exec", from.name(), "ping", "-c", "5", "-W", "2",
        "-s", "1000", "-p", pattern, to.ip()).ok();
  }

  /** 64 bytes of {@code pattern}, as the capture file would hold them in clear. */
  private static String run(String pattern) {
    return String.valueOf((char) Integer.parseInt(pattern, 16)).repeat(64);
  }

  /** Captures the lab underlay (lab addresses only) while {@code traffic} runs; answers the capture file. */
  private Path capture(String name, Runnable traffic) throws Exception {
    Path file = Files.createTempFile("weft-" + name + "-", ".pcap");
    Process tcpdump = new ProcessBuilder("tcpdump", "-i", UNDERLAY_BRIDGE, "-U", "-n", "-s", "0", "-w",
        file.toString(), "net", "10.77.0.0/24").redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(new File(file + ".log"))).start();
    try {
      Wait.until("tcpdump listening", Duration.ofSeconds(10), () -> {
        try {
          return Files.readString(Path.of(file + ".log")).contains("listening on");
        } catch (IOException e) {
          return false;
        }
      });
      traffic.run();
      Thread.sleep(500);
    } finally {
      tcpdump.destroy();
      tcpdump.waitFor(10, TimeUnit.SECONDS);
      tcpdump.destroyForcibly();
    }
    return file;
  }

  private static boolean contains(Path pcap, String text) throws IOException {
    return new String(Files.readAllBytes(pcap), StandardCharsets.ISO_8859_1).contains(text);
  }

  private static int packets(Path pcap, String filter) {
    Sh.Result r = Sh.run(Duration.ofSeconds(20), "sh", "-c", "tcpdump -n -r " + pcap + " '" + filter + "' | wc -l");
    return Integer.parseInt(r.out().trim());
  }

  @Test
  @Order(1)
  void payloadCrossesTheUnderlayOnlyEncryptedOnTheEncryptedNetwork() throws Exception {
    Ctr sec1 = ctrs.get("sec-1");
    Ctr sec2 = ctrs.get("sec-2");
    Ctr open1 = ctrs.get("open-1");
    Ctr open2 = ctrs.get("open-2");
    awaitPing(sec1, sec2);
    awaitPing(open1, open2);

    boolean[] delivered = new boolean[1];
    Path encrypted = capture("encrypted", () -> delivered[0] = pingWithPattern(sec1, sec2, "a5"));
    assertThat(delivered[0]).as("every echo delivered on the encrypted network").isTrue();
    assertThat(packets(encrypted, "udp portrange " + Lab.wireguardPort(1) + "-" + Lab.wireguardPort(HOSTS)))
        .as("WireGuard packets on the underlay").isPositive();
    assertThat(packets(encrypted, "udp port 4800")).as("VXLAN packets in clear on the underlay").isZero();
    assertThat(contains(encrypted, run("a5"))).as("the payload in the underlay capture " + encrypted).isFalse();

    Path plain = capture("plain", () -> delivered[0] = pingWithPattern(open1, open2, "5a"));
    assertThat(delivered[0]).as("every echo delivered on the plain network").isTrue();
    assertThat(contains(plain, run("5a"))).as("the payload in the underlay capture " + plain).isTrue();
    Files.deleteIfExists(encrypted);
    Files.deleteIfExists(plain);
  }

  @Test
  @Order(2)
  void mtuLeavesRoomForVxlanAndWireGuard() {
    String sec = lab.docker(1, "exec", "sec-1", "ip", "-o", "link", "show").out();
    String open = lab.docker(1, "exec", "open-1", "ip", "-o", "link", "show").out();
    assertThat(sec).as("container interface on the encrypted network: 1500 - 50 - 60").contains("mtu 1390");
    assertThat(open).as("container interface on the plain network: 1500 - 50").contains("mtu 1450");
    // a full-size packet passes (do not fragment is set by ping's size + the inner MTU)
    assertThat(lab.docker(1, Duration.ofSeconds(20), "exec", "sec-1", "ping", "-c", "2", "-W", "2", "-s", "1362",
        ctrs.get("sec-3").ip()).ok()).as("1390-byte packets across the encrypted network").isTrue();
  }

  @Test
  @Order(3)
  void pskRotationUnderAConstantPingLosesNothing() throws Exception {
    Ctr from = ctrs.get("sec-1");
    Ctr to = ctrs.get("sec-2");
    awaitPing(from, to);
    String before = psk(1, 2);
    int count = 150; // 30 s: several rotations of 8 s
    Sh.Result r = lab.docker(from.host(), Duration.ofSeconds(count / 5 + 30L), "exec", from.name(), "ping", "-i",
        "0.2", "-c", Integer.toString(count), "-W", "1", to.ip());
    Matcher m = PING_STATS.matcher(r.out());
    assertThat(m.find()).as("ping statistics: " + r.out() + r.err()).isTrue();
    System.out.printf("ping across pre-shared key rotations: %s sent, %s received%n", m.group(1), m.group(2));
    assertThat(Integer.parseInt(m.group(2))).as("replies").isEqualTo(count);
    String after = psk(1, 2);
    assertThat(after).as("host 1's pre-shared key with host 2 rotated").isNotEqualTo(before);
    Wait.until("both hosts hold the same pre-shared key", Duration.ofSeconds(10), () -> psk(1, 2).equals(psk(2, 1)));
    String metrics = lab.api().call("GET", "/metrics", null).body();
    Matcher age = Pattern.compile("weft_psk_age_seconds ([0-9.]+)").matcher(metrics);
    assertThat(age.find()).as("weft_psk_age_seconds in /metrics").isTrue();
    assertThat(Double.parseDouble(age.group(1))).isLessThan(ROTATION_SECONDS * 3);
  }

  @Test
  @Order(4)
  void aRevokedHostsTrafficNoLongerArrivesAndItLeavesEveryKeyTable() {
    Ctr sec1 = ctrs.get("sec-1");
    Ctr sec3 = ctrs.get("sec-3");
    awaitPing(sec3, sec1);
    String key3 = publicKey(3);
    assertThat(wgPeers(1)).contains(key3);
    assertThat(wgPeers(2)).contains(key3);
    Api.Response r = lab.api().call("DELETE", "/v1/hosts/" + Lab.hostId(3), null);
    assertThat(r.status()).as("DELETE /v1/hosts/lab-3: " + r.body()).isEqualTo(204);
    Wait.until("host 3 leaves the key tables of hosts 1 and 2", CONVERGE,
        () -> !wgPeers(1).contains(key3) && !wgPeers(2).contains(key3));
    assertThat(ping(sec3, sec1, 3)).as("the revoked host reaches host 1").isFalse();
    awaitPing(sec1, ctrs.get("sec-2"));
  }

  @Test
  @Order(5)
  void theWireGuardInterfaceAndWireguardGoGoWithTheLastEncryptedNetworkAndOnCleanup() {
    String wg1 = wgInterface(1);
    assertThat(processes()).contains("wireguard-go " + wg1);
    lab.docker(1, "rm", "-f", "sec-1").orThrow();
    Wait.until("host 1's WireGuard interface and its wireguard-go go", CONVERGE,
        () -> !lab.exec(1, "ip", "-o", "link", "show").out().contains("weft-wg-")
            && !processes().contains("wireguard-go " + wg1));
    assertThat(lab.docker(1, "exec", "open-1", "ip", "-o", "link", "show").out()).as("the plain network stays")
        .contains("mtu 1450");

    String wg2 = wgInterface(2);
    lab.stopAgent(2);
    assertThat(processes()).as("an agent that stops leaves the data plane running").contains("wireguard-go " + wg2);
    Sh.Result cleanup = Sh.run(Duration.ofSeconds(60), "nsenter", "--net=" + Lab.ns(2),
        ProcessHandle.current().info().command().orElse("java"), "-jar", Lab.AGENT_JAR.toString(), "--cleanup",
        "--host-id", Lab.hostId(2), "--state-dir", Lab.agentState(2).toString());
    assertThat(cleanup.exit()).as("--cleanup: " + cleanup.out() + cleanup.err()).isZero();
    Wait.until("host 2's WireGuard interface and its wireguard-go go on --cleanup", Duration.ofSeconds(10),
        () -> !lab.exec(2, "ip", "-o", "link", "show").out().contains("weft-wg-")
            && !processes().contains("wireguard-go " + wg2));
  }

  private static String processes() {
    return Sh.run(Duration.ofSeconds(5), "ps", "-eo", "args").out();
  }

  /** Host {@code a}'s pre-shared key with host {@code b}, as its WireGuard interface holds it. */
  private String psk(int a, int b) {
    String keyB = publicKey(b);
    for (String line : lab.exec(a, "wg", "show", wgInterface(a), "preshared-keys").out().split("\n")) {
      String[] f = line.trim().split("\\s+");
      if (f.length == 2 && f[0].equals(keyB)) {
        return f[1];
      }
    }
    return "";
  }

  /** The peers of host {@code host}'s own WireGuard interface (not "all": wireguard-go's sockets are shared files). */
  private String wgPeers(int host) {
    return lab.exec(host, "wg", "show", wgInterface(host), "peers").out();
  }

  /** The name of the WireGuard interface in lab host {@code host}'s namespace. */
  private String wgInterface(int host) {
    for (String line : lab.exec(host, "ip", "-o", "link", "show").out().split("\n")) {
      Matcher m = Pattern.compile("^\\d+: (weft-wg-[0-9a-f]+)[:@]").matcher(line);
      if (m.find()) {
        return m.group(1);
      }
    }
    throw new AssertionError("no WireGuard interface in lab host " + host);
  }

  /** The public key of lab host {@code host}, from the private key in its agent's state dir. */
  private static String publicKey(int host) {
    Path key = Lab.agentState(host).resolve("wireguard.key");
    return Sh.run(Duration.ofSeconds(5), "sh", "-c", "wg pubkey < " + key).out().trim();
  }
}
