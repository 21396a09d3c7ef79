package dev.weft.agent.config;

import dev.weft.common.flags.Flag;
import dev.weft.common.flags.FlagTable;
import dev.weft.common.flags.Parsers;
import dev.weft.common.net.Ipv4;
import java.util.List;

/** The agent's flags, each with its {@code WEFT_*} twin: the one table that parses them and makes the usage. */
public final class AgentFlags {
  static final Flag<String> COORDINATOR = Flag.value("coordinator", Parsers.text()).metavar("URL[,URL…]")
      .help("coordinator members, https://host:port (port 7700 if omitted); tried in order, failing over with "
          + "backoff").build();
  static final Flag<String> JOIN_TOKEN = Flag.value("join-token", Parsers.text()).metavar("T")
      .help("the coordinator's join token (WEFT1-<CA sha256>-<secret>); needed once: the host then keeps its "
          + "certificate in the state dir").secret(t -> "***").build();
  static final Flag<String> DOCKER_HOST = Flag.value("docker-host", Parsers.text(
          h -> h.startsWith("unix://") || h.startsWith("tcp://") || h.startsWith("npipe://"),
          "unix:///path or tcp://host:port"))
      .metavar("URL").help("Docker engine").byDefault("unix:///var/run/docker.sock").build();
  static final Flag<String> HOST_ID = Flag.value("host-id", Parsers.text(
          id -> id.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}"), "1-64 of letters, digits, '.', '_', '-'"))
      .metavar("ID").help("stable host id").shownDefault("/etc/machine-id").build();
  static final Flag<String> STATE_DIR = Flag.value("state-dir", Parsers.text())
      .metavar("DIR").help("agent state").byDefault("/var/lib/weft").build();
  static final Flag<String> UNDERLAY_INTERFACE = Flag.value("underlay-interface", Parsers.text(
          i -> !i.isBlank() && i.length() <= 15 && !i.contains("/"), "an interface name such as eth0"))
      .metavar("IF").help("VXLAN source interface").shownDefault("the default route's interface").build();
  static final Flag<String> UNDERLAY_ADDRESS = Flag.value("underlay-address", Parsers.text(
          AgentFlags::isIpv4, "an IPv4 address such as 10.77.0.1")).metavar("IP")
      .help("VXLAN source address (instead of --underlay-interface)").build();
  static final Flag<Integer> VXLAN_PORT = Flag.value("vxlan-port", Parsers.intIn(1, 65535)).metavar("N")
      .help("VXLAN UDP port; Docker's overlay uses 4789").byDefault(AgentConfig.DEFAULT_VXLAN_PORT).build();
  static final Flag<Integer> WIREGUARD_PORT = Flag.value("wireguard-port", Parsers.intIn(1, 65535)).metavar("N")
      .help("WireGuard UDP port for encrypted networks").byDefault(AgentConfig.DEFAULT_WIREGUARD_PORT).build();
  static final Flag<Integer> RESYNC_INTERVAL = Flag.value("resync-interval", Parsers.intIn(1, 3600)).metavar("S")
      .help("full reconcile and inventory check, seconds").byDefault(30).build();
  static final Flag<String> PLUGIN_SOCKET = Flag.value("plugin-socket", Parsers.text(
          p -> p.equals(AgentConfig.OFF) || (p.startsWith("/") && p.endsWith(".sock") && p.length() <= 100),
          "an absolute path ending in .sock (at most 100 characters), or off"))
      .metavar("PATH").help("the Unix socket of the Docker network and IPAM driver 'weft' (docker network create -d "
          + "weft, docker run --network); dockerd finds it in /run/docker/plugins; off: no driver")
      .byDefault(AgentConfig.DEFAULT_PLUGIN_SOCKET).build();
  static final Flag<Boolean> TLS = Flag.toggle("tls").metavar("false")
      .help("false: plain HTTP with the join token (local development only)").byDefault(true).build();
  static final Flag<Boolean> CLEANUP = Flag.toggle("cleanup")
      .help("remove everything Weft made on this host, then exit").build();
  static final Flag<Boolean> HELP = Flag.toggle("help").help("this text").undocumented().build();

  /** In the order of the usage text. */
  public static final FlagTable TABLE = new FlagTable(
      "Usage: java -jar weft-agent.jar [flags]   (every flag has a WEFT_* environment twin)",
      new FlagTable.Style(true, "flags start with --; see --help", "see --help"),
      List.of(COORDINATOR, JOIN_TOKEN, DOCKER_HOST, HOST_ID, STATE_DIR, UNDERLAY_INTERFACE, UNDERLAY_ADDRESS,
          VXLAN_PORT, WIREGUARD_PORT, RESYNC_INTERVAL, PLUGIN_SOCKET, TLS, CLEANUP, HELP));

  private AgentFlags() {
  }

  private static boolean isIpv4(String text) {
    try {
      Ipv4.parse(text);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
