package dev.weft.agent.host;

import dev.weft.common.model.HostReport;
import dev.weft.common.model.InterfaceInfo;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What this host looks like: interfaces, the underlay, the Docker engine and Swarm node. Blocking (reads /proc and
 * asks the engine): call it off event loops.
 */
public final class HostInventory implements HostFacts {

  /** The Docker engine as the agent sees it; fields are null when unknown. */
  public record EngineInfo(String version, String swarmNodeId, String swarmRole) {
    public static final EngineInfo UNKNOWN = new EngineInfo(null, null, null);
  }

  /** The interface and IPv4 address VXLAN traffic leaves from, and that interface's MTU. */
  public record Underlay(String interfaceName, String address, int mtu) {
  }

  public static final String AGENT_VERSION = Optional.ofNullable(HostInventory.class.getPackage()
      .getImplementationVersion()).orElse("0.1.0");

  private final String hostId;
  private final String underlayInterface;
  private final String underlayAddress;
  private final Supplier<EngineInfo> engine;

  /**
   * @param underlayInterface from {@code --underlay-interface}, or null
   * @param underlayAddress   from {@code --underlay-address}, or null
   * @param engine            asks the Docker engine; may throw, then the engine shows as unknown
   */
  public HostInventory(String hostId, String underlayInterface, String underlayAddress, Supplier<EngineInfo> engine) {
    this.hostId = hostId;
    this.underlayInterface = underlayInterface;
    this.underlayAddress = underlayAddress;
    this.engine = engine;
  }

  /**
   * Finds the underlay from the flags or the default route.
   *
   * @throws IllegalStateException naming what is missing (no default route, no IPv4 address on the interface...)
   */
  @Override
  public Underlay underlay() {
    List<InterfaceInfo> ifs = interfaces(true);
    if (underlayAddress != null) {
      for (InterfaceInfo i : ifs) {
        for (String a : i.addresses()) {
          if (a.startsWith(underlayAddress + "/")) {
            return new Underlay(i.name(), underlayAddress, i.mtu());
          }
        }
      }
      throw new IllegalStateException("underlay address " + underlayAddress + " is on no interface of this host");
    }
    String name = underlayInterface;
    if (name == null) {
      try {
        name = defaultRouteInterface(Files.readString(Path.of("/proc/net/route")))
            .orElseThrow(() -> new IllegalStateException(
                "no default route; pass --underlay-interface or --underlay-address"));
      } catch (IOException e) {
        throw new IllegalStateException("cannot read /proc/net/route (" + e.getMessage()
            + "); pass --underlay-interface or --underlay-address");
      }
    }
    for (InterfaceInfo i : ifs) {
      if (i.name().equals(name)) {
        String finalName = name;
        String addr = i.addresses().stream().filter(a -> a.indexOf(':') < 0).findFirst()
            .orElseThrow(() -> new IllegalStateException("underlay interface " + finalName + " has no IPv4 address"));
        return new Underlay(name, addr.substring(0, addr.indexOf('/')), i.mtu());
      }
    }
    throw new IllegalStateException("underlay interface " + name + " does not exist or is down");
  }

  /** The host report, with the given errors; the underlay address is null when it cannot be found. */
  @Override
  public HostReport report(List<String> errors) {
    String underlay;
    List<String> all = new ArrayList<>(errors);
    try {
      underlay = underlay().address();
    } catch (IllegalStateException e) {
      underlay = null;
      all.add(0, e.getMessage());
    }
    EngineInfo info;
    try {
      info = engine.get();
    } catch (RuntimeException e) {
      info = EngineInfo.UNKNOWN;
      all.add("docker engine unreachable: " + e.getMessage());
    }
    return new HostReport(hostId, hostname(), underlay, interfaces(false), info.version(), info.swarmNodeId(),
        info.swarmRole(), AGENT_VERSION, all);
  }

  /**
   * Interfaces that are up, without loopback; {@code all} also keeps veths (Docker makes one per container and they
   * only add noise to a report).
   */
  static List<InterfaceInfo> interfaces(boolean all) {
    List<InterfaceInfo> out = new ArrayList<>();
    try {
      for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
        if (!ni.isUp() || ni.isLoopback() || (!all && ni.getName().startsWith("veth"))) {
          continue;
        }
        List<String> addrs = new ArrayList<>();
        for (InterfaceAddress ia : ni.getInterfaceAddresses()) {
          InetAddress a = ia.getAddress();
          String text = a instanceof Inet4Address ? a.getHostAddress()
              : compressIpv6(a.getHostAddress().replaceFirst("%.*$", ""));
          addrs.add(text + "/" + ia.getNetworkPrefixLength());
        }
        addrs.sort(Comparator.comparing((String s) -> s.indexOf(':') >= 0).thenComparing(s -> s));
        byte[] hw = ni.getHardwareAddress();
        String mac = hw == null ? null : HexFormat.ofDelimiter(":").formatHex(hw);
        out.add(new InterfaceInfo(ni.getName(), mac, ni.getMTU(), addrs));
      }
    } catch (SocketException e) {
      throw new IllegalStateException("cannot list network interfaces: " + e.getMessage(), e);
    }
    out.sort(Comparator.comparing(InterfaceInfo::name));
    return out;
  }

  /** RFC 5952 text of an IPv6 address Java printed in full ({@code fd00:0:0:0:0:0:0:2} → {@code fd00::2}). */
  static String compressIpv6(String full) {
    String[] g = full.split(":", -1);
    if (g.length != 8) {
      return full;
    }
    int bestStart = -1;
    int bestLen = 1;
    for (int i = 0; i < 8; ) {
      if (!g[i].equals("0")) {
        i++;
        continue;
      }
      int j = i;
      while (j < 8 && g[j].equals("0")) {
        j++;
      }
      if (j - i > bestLen) {
        bestStart = i;
        bestLen = j - i;
      }
      i = j;
    }
    if (bestStart < 0) {
      return full;
    }
    String head = String.join(":", java.util.Arrays.copyOfRange(g, 0, bestStart));
    String tail = String.join(":", java.util.Arrays.copyOfRange(g, bestStart + bestLen, 8));
    return head + "::" + tail;
  }

  /** The interface of the IPv4 default route with the lowest metric, from the text of /proc/net/route. */
  static Optional<String> defaultRouteInterface(String procNetRoute) {
    String best = null;
    long bestMetric = Long.MAX_VALUE;
    for (String line : procNetRoute.split("\n")) {
      String[] f = line.trim().split("\\s+");
      // Iface Destination Gateway Flags RefCnt Use Metric Mask ...
      if (f.length < 8 || f[0].equals("Iface")) {
        continue;
      }
      if (f[1].equals("00000000") && f[7].equals("00000000")) {
        long metric;
        try {
          metric = Long.parseLong(f[6]);
        } catch (NumberFormatException e) {
          continue;
        }
        if (metric < bestMetric) {
          best = f[0];
          bestMetric = metric;
        }
      }
    }
    return Optional.ofNullable(best);
  }

  public static String hostname() {
    try {
      return Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
    } catch (IOException e) {
      String env = System.getenv("HOSTNAME");
      return env == null ? "unknown" : env;
    }
  }
}
