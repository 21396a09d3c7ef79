package dev.weft.agent.dataplane.linux;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Two fake Docker hosts as network namespaces {@code wdpt-RUN-h1} and {@code wdpt-RUN-h2}, joined by a veth pair on an
 * underlay subnet 10.99.X.0/24 of their own, each with Docker's firewall (FORWARD policy DROP, bridged frames through
 * iptables), and "containers" as {@code unshare --net sleep} processes. {@link #close()} removes all of it.
 */
public final class KernelLab implements AutoCloseable {
  public static final CommandRunner SH = new ProcessCommandRunner(Duration.ofSeconds(20));

  final String run = HexFormat.of().formatHex(randomBytes(3));
  final int underlayNet = ThreadLocalRandom.current().nextInt(20, 240);
  final String h1 = "wdpt-" + run + "-h1";
  final String h2 = "wdpt-" + run + "-h2";
  final String prefix1 = "t" + run + "a";
  final String prefix2 = "t" + run + "b";
  private final List<Process> containers = new ArrayList<>();
  private final List<LinuxDataPlane> planes = new ArrayList<>();

  /** Fails under CI (env CI=true) and skips elsewhere when this is not root or iproute2 is missing. */
  public static void requireKernel() {
    boolean root;
    try {
      root = Files.readAllLines(Path.of("/proc/self/status")).stream()
          .anyMatch(l -> l.matches("Uid:\\s+0\\s.*"));
    } catch (IOException e) {
      root = false;
    }
    boolean tools = Stream.of("ip", "bridge", "nsenter", "unshare", "iptables", "ping")
        .allMatch(t -> Stream.of("/usr/sbin/", "/sbin/", "/usr/bin/", "/bin/").anyMatch(d -> Files.isExecutable(Path.of(d + t))));
    String why = !root ? "not root" : !tools ? "ip, bridge, nsenter, unshare, iptables or ping missing" : null;
    if (why == null) {
      return;
    }
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      fail("data-plane kernel tests need root and iproute2, nsenter, unshare, iptables, ping (CI=true): " + why);
    }
    org.junit.jupiter.api.Assumptions.abort("data-plane kernel tests skipped (not CI): " + why);
  }

  KernelLab start() {
    sh("ip", "netns", "add", h1);
    sh("ip", "netns", "add", h2);
    inHost(h1, "ip", "link", "add", "u0", "type", "veth", "peer", "name", "u0", "netns", h2);
    int i = 1;
    for (String h : List.of(h1, h2)) {
      inHost(h, "ip", "addr", "add", underlay(i++) + "/24", "dev", "u0");
      inHost(h, "ip", "link", "set", "u0", "up");
      inHost(h, "ip", "link", "set", "lo", "up");
      // Docker's firewall, as on a fresh Docker host (seen on Docker 20.10 hosts): forwarding on, FORWARD DROP, bridged frames filtered.
      inHost(h, "sysctl", "-qw", "net.ipv4.ip_forward=1");
      inHost(h, "iptables", "-P", "FORWARD", "DROP");
      if (!SH.run(List.of("nsenter", "--net=" + path(h), "sysctl", "-qw", "net.bridge.bridge-nf-call-iptables=1"),
          null).ok()) {
        SH.run(List.of("modprobe", "br_netfilter"), null);
        inHost(h, "sysctl", "-qw", "net.bridge.bridge-nf-call-iptables=1");
      }
    }
    return this;
  }

  String underlay(int host) {
    return "10.99." + underlayNet + "." + host;
  }

  /** An overlay address, in a subnet of its own next to the underlay. */
  String overlay(int last) {
    return "10.99." + (underlayNet + 1) + "." + last;
  }

  String overlaySubnet() {
    return "10.99." + (underlayNet + 1) + ".0/24";
  }

  LinuxDataPlane plane(String host, String prefix) {
    LinuxDataPlane plane = new LinuxDataPlane(prefix, CommandRunner.local().inNetns(path(host)),
        WireGuardDevice::new);
    planes.add(plane);
    return plane;
  }

  /** A process in a network namespace of its own: the "container". Returns its pid. */
  int container() {
    try {
      Process p = new ProcessBuilder("unshare", "--net", "sleep", "300").start();
      containers.add(p);
      String own = Files.readSymbolicLink(Path.of("/proc/self/ns/net")).toString();
      for (int i = 0; i < 200; i++) {
        Path ns = Path.of("/proc/" + p.pid() + "/ns/net");
        if (Files.exists(ns) && !Files.readSymbolicLink(ns).toString().equals(own)) {
          return (int) p.pid();
        }
        Thread.sleep(10);
      }
      throw new IllegalStateException("unshare did not make a namespace");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  void kill(int pid) {
    containers.stream().filter(p -> p.pid() == pid).forEach(p -> {
      p.destroyForcibly();
      try {
        p.waitFor(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
  }

  /** True when {@code pid}'s namespace gets an echo reply from {@code ip} (three tries, one second each). */
  boolean pings(int pid, String ip) {
    for (int i = 0; i < 3; i++) {
      if (SH.run(List.of("nsenter", "--net=/proc/" + pid + "/ns/net", "ping", "-c", "1", "-W", "1", ip), null).ok()) {
        return true;
      }
    }
    return false;
  }

  /** {@code ip -j -d ARGS} in a namespace path, parsed. */
  JsonNode ipJson(String nsPath, String... args) {
    List<String> argv = new ArrayList<>(List.of("nsenter", "--net=" + nsPath, "ip", "-j", "-d"));
    argv.addAll(Arrays.asList(args));
    List<JsonNode> values = IprouteJson.values(SH.run(argv, null).orThrow().stdout());
    return values.isEmpty() ? null : values.get(0);
  }

  JsonNode bridgeFdb(String nsPath) {
    List<JsonNode> values = IprouteJson.values(
        SH.run(List.of("nsenter", "--net=" + nsPath, "bridge", "-j", "fdb", "show"), null).orThrow().stdout());
    return values.isEmpty() ? null : values.get(0);
  }

  static String path(String netns) {
    return "/var/run/netns/" + netns;
  }

  static String pidPath(int pid) {
    return "/proc/" + pid + "/ns/net";
  }

  List<String> netnsWithPrefix(String prefix) {
    try (Stream<Path> s = Files.list(Path.of("/var/run/netns"))) {
      return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("weft-" + prefix + "-")).sorted().toList();
    } catch (IOException e) {
      return List.of();
    }
  }

  String inNs(String nsPath, String... argv) {
    List<String> full = new ArrayList<>(List.of("nsenter", "--net=" + nsPath));
    full.addAll(Arrays.asList(argv));
    return SH.run(full, null).orThrow().stdout();
  }

  String inHost(String host, String... argv) {
    List<String> full = new ArrayList<>(List.of("nsenter", "--net=" + path(host)));
    full.addAll(Arrays.asList(argv));
    return SH.run(full, null).orThrow().stdout();
  }

  private static String sh(String... argv) {
    return SH.run(List.of(argv), null).orThrow().stdout();
  }

  /** Removes everything, each step on its own so that one failure (or Error) never leaves the rest behind. */
  @Override
  public void close() {
    for (LinuxDataPlane plane : planes) {
      quietly(plane::removeAll);
    }
    for (Process p : containers) {
      quietly(p::destroyForcibly);
    }
    for (String prefix : List.of(prefix1, prefix2)) {
      for (String n : netnsWithPrefix(prefix)) {
        quietly(() -> SH.run(List.of("ip", "netns", "del", n), null));
      }
    }
    quietly(() -> SH.run(List.of("ip", "netns", "del", h1), null));
    quietly(() -> SH.run(List.of("ip", "netns", "del", h2), null));
  }

  private static void quietly(Runnable step) {
    try {
      step.run();
    } catch (Throwable e) {
      System.err.println("kernel lab cleanup: " + e);
    }
  }

  private static byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    ThreadLocalRandom.current().nextBytes(b);
    return b;
  }
}
