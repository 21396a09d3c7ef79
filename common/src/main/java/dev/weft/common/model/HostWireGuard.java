package dev.weft.common.model;

/**
 * A host's WireGuard for encrypted networks, as the API shows it (issue 6).
 *
 * @param kind          {@code kernel}, {@code wireguard-go}, or {@code none}: such a host cannot take part in an
 *                      encrypted network, and its errors say so when asked to
 * @param publicKey     its public key (base64), or null; the private key never leaves the host
 * @param port          the UDP port it listens on, 0 without WireGuard
 * @param tunnelAddress the address the coordinator assigned it inside the tunnels, or null while it has none (it
 *                      gets one with its first encrypted network)
 */
public record HostWireGuard(String kind, String publicKey, int port, String tunnelAddress) {
  public static final String NONE = "none";

  /** What the host reported, with the tunnel address the coordinator gave it. */
  public static HostWireGuard of(HostReport report, String tunnelAddress) {
    return new HostWireGuard(report.wireguard() == null ? NONE : report.wireguard(), report.wireguardPublicKey(),
        report.wireguardPort(), tunnelAddress);
  }
}
