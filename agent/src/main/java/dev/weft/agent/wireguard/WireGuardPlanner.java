package dev.weft.agent.wireguard;

import dev.weft.common.model.KeyPeer;
import java.util.ArrayList;
import java.util.List;

/**
 * The WireGuard interface's desired state against its actual state, to the changes to make (issue 6). Pure.
 *
 * <p>WireGuard itself is configured with {@code wg set}, only where it differs ({@link #wgCommands}): setting the
 * listen port again, as {@code wg setconf}/{@code syncconf} do, makes wireguard-go rebind its socket and lose what
 * arrives meanwhile; a new pre-shared key, set alone, keeps the peer's current session until the next handshake.
 */
public final class WireGuardPlanner {
  private WireGuardPlanner() {
  }

  /**
   * What the kernel shows of the interface.
   *
   * @param kind      {@code wireguard}, {@code tun}, …
   * @param addresses its IPv4 addresses as {@code a.b.c.d/prefix}
   */
  public record Actual(String kind, int mtu, boolean up, List<String> addresses) {
    public Actual {
      addresses = List.copyOf(addresses);
    }
  }

  /**
   * @param remove  delete the existing interface first (wrong kind, or no longer wanted)
   * @param create  make the interface (kernel: {@code link add … type wireguard}; userspace: start wireguard-go)
   * @param ipLines {@code ip -batch} lines to run after it exists (addresses, MTU, up)
   * @param configure run {@code wg syncconf} with the rendered configuration
   */
  public record Steps(boolean remove, boolean create, List<String> ipLines, boolean configure) {
    public Steps {
      ipLines = List.copyOf(ipLines);
    }

    public static final Steps NOTHING = new Steps(false, false, List.of(), false);
  }

  /**
   * @param name    the interface name
   * @param desired null when no encrypted network needs WireGuard on this host
   * @param actual  null when the interface does not exist
   */
  public static Steps plan(String name, WireGuardSpec desired, Actual actual) {
    if (desired == null) {
      return actual == null ? Steps.NOTHING : new Steps(true, false, List.of(), false);
    }
    boolean remove = actual != null && !desired.linkKind().equals(actual.kind());
    Actual have = remove ? null : actual;
    List<String> lines = new ArrayList<>();
    String want = desired.tunnelAddress() + "/" + desired.tunnelPrefix();
    if (have != null) {
      for (String a : have.addresses()) {
        if (!a.equals(want)) {
          lines.add("addr del " + a + " dev " + name);
        }
      }
    }
    if (have == null || !have.addresses().contains(want)) {
      lines.add("addr replace " + want + " dev " + name);
    }
    if (have == null || have.mtu() != desired.mtu() || !have.up()) {
      lines.add("link set " + name + " mtu " + desired.mtu() + " up");
    }
    return new Steps(remove, have == null, lines, true);
  }

  /**
   * One {@code wg} invocation: its arguments after {@code wg}, and its standard input (a key, for
   * {@code /dev/stdin}: secrets never appear in arguments, files or logs).
   */
  public record WgCommand(List<String> args, String stdin) {
    public WgCommand {
      args = List.copyOf(args);
    }

    @Override
    public String toString() {
      return "wg " + String.join(" ", args);
    }
  }

  /**
   * The {@code wg set} commands that turn {@code actual} into {@code desired}: the private key and port when they
   * differ, each new or changed peer (pre-shared key, endpoint, allowed IPs), each peer that is no longer wanted.
   */
  public static List<WgCommand> wgCommands(String name, String privateKey, WireGuardSpec desired,
                                           WireGuardDump actual) {
    List<WgCommand> commands = new ArrayList<>();
    if (!privateKey.equals(actual.privateKey()) || actual.listenPort() != desired.listenPort()) {
      commands.add(new WgCommand(List.of("set", name, "listen-port", Integer.toString(desired.listenPort()),
          "private-key", "/dev/stdin"), privateKey + "\n"));
    }
    java.util.Map<String, WireGuardDump.Peer> have = new java.util.HashMap<>();
    actual.peers().forEach(p -> have.put(p.publicKey(), p));
    java.util.Set<String> wanted = new java.util.HashSet<>();
    for (KeyPeer p : desired.peers()) {
      wanted.add(p.publicKey());
      WireGuardDump.Peer h = have.get(p.publicKey());
      boolean same = h != null && p.presharedKey().equals(h.presharedKey()) && p.endpoint().equals(h.endpoint())
          && new java.util.TreeSet<>(p.allowedIps()).equals(new java.util.TreeSet<>(h.allowedIps()));
      if (!same) {
        commands.add(new WgCommand(List.of("set", name, "peer", p.publicKey(), "preshared-key", "/dev/stdin",
            "endpoint", p.endpoint(), "allowed-ips", String.join(",", p.allowedIps())), p.presharedKey() + "\n"));
      }
    }
    actual.peers().stream().map(WireGuardDump.Peer::publicKey).filter(k -> !wanted.contains(k)).sorted()
        .forEach(k -> commands.add(new WgCommand(List.of("set", name, "peer", k, "remove"), null)));
    return commands;
  }

  /**
   * The configuration for {@code wg setconf}/{@code syncconf}: this host's private key and port, then one section per
   * peer with its pre-shared key, endpoint and allowed IPs. Contains secrets: write it with mode 0600 only.
   */
  public static String config(String privateKey, WireGuardSpec spec) {
    StringBuilder out = new StringBuilder();
    out.append("[Interface]\n")
        .append("PrivateKey = ").append(privateKey).append('\n')
        .append("ListenPort = ").append(spec.listenPort()).append('\n');
    for (KeyPeer p : spec.peers()) {
      out.append("\n[Peer]\n")
          .append("PublicKey = ").append(p.publicKey()).append('\n')
          .append("PresharedKey = ").append(p.presharedKey()).append('\n')
          .append("Endpoint = ").append(p.endpoint()).append('\n')
          .append("AllowedIPs = ").append(String.join(", ", p.allowedIps())).append('\n');
    }
    return out.toString();
  }
}
