package dev.weft.agent.wireguard;

import dev.weft.common.model.KeyPeer;
import dev.weft.common.net.Ipv4;
import java.util.List;

/**
 * This host's WireGuard interface as encrypted networks need it (issue 6).
 *
 * @param kind           {@code kernel} or {@code wireguard-go}: how the interface is made
 * @param tunnelAddress  this host's tunnel address (IPv4, no prefix)
 * @param tunnelPrefix   the tunnel pool's prefix length: the address with it routes every peer's tunnel address into
 *                       the interface
 * @param listenPort     UDP port WireGuard listens on (in the host namespace, on the underlay)
 * @param mtu            the interface's MTU: underlay MTU − 60 (WireGuard over IPv4: IPv4 20, UDP 8, WireGuard 32)
 * @param privateKeyFile the file holding this host's private key (mode 0600); the key itself stays out of this
 *                       record so that it never reaches a log
 * @param peers          the key table's peers: public key, endpoint, allowed IPs, pre-shared key
 */
public record WireGuardSpec(String kind, String tunnelAddress, int tunnelPrefix, int listenPort, int mtu,
                            String privateKeyFile, List<KeyPeer> peers) {
  public static final String KERNEL = "kernel";
  public static final String USERSPACE = "wireguard-go";

  public WireGuardSpec {
    if (!KERNEL.equals(kind) && !USERSPACE.equals(kind)) {
      throw new IllegalArgumentException("kind: " + kind + " (expected: kernel or wireguard-go)");
    }
    if (!isIpv4(tunnelAddress)) {
      throw new IllegalArgumentException("tunnelAddress: " + tunnelAddress + " (expected: an IPv4 address)");
    }
    if (tunnelPrefix < 1 || tunnelPrefix > 30) {
      throw new IllegalArgumentException("tunnelPrefix: " + tunnelPrefix + " (expected: 1..30)");
    }
    if (listenPort < 1 || listenPort > 65535) {
      throw new IllegalArgumentException("listenPort: " + listenPort + " (expected: 1..65535)");
    }
    if (mtu < 1280 || mtu > 65535) {
      throw new IllegalArgumentException("mtu: " + mtu + " (expected: 1280..65535)");
    }
    peers = List.copyOf(peers);
  }

  private static boolean isIpv4(String text) {
    try {
      Ipv4.parse(text);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** The kind of link {@code ip -d link} shows for this interface: {@code wireguard} or {@code tun}. */
  public String linkKind() {
    return KERNEL.equals(kind) ? "wireguard" : "tun";
  }
}
