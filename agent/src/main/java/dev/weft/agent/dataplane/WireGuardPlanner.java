package dev.weft.agent.dataplane;

import dev.weft.common.model.KeyPeer;
import java.util.ArrayList;
import java.util.List;

/**
 * The WireGuard interface's desired state against its actual state, to the changes to make (issue 6). Pure.
 *
 * <p>The peers are not diffed here: {@code wg syncconf} with the whole configuration changes only what differs and
 * keeps the sessions of unchanged peers, so a new pre-shared key or a peer added never interrupts the others.
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
