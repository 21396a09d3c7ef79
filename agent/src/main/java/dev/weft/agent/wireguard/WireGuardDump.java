package dev.weft.agent.wireguard;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What {@code wg show NAME dump} prints (issue 6): the interface line (private key, public key, port, fwmark) then one
 * line per peer (public key, pre-shared key, endpoint, allowed IPs, …), tab-separated. Pure parsing. Holds secrets:
 * {@link #toString} leaves them out.
 *
 * @param privateKey the interface's private key, or null for none
 * @param listenPort its port
 * @param peers      its peers
 */
public record WireGuardDump(String privateKey, int listenPort, List<Peer> peers) {
  public WireGuardDump {
    peers = List.copyOf(peers);
  }

  /**
   * @param presharedKey null for none
   * @param endpoint     {@code address:port}, or null for none
   * @param allowedIps   in the order shown
   */
  public record Peer(String publicKey, String presharedKey, String endpoint, List<String> allowedIps) {
    public Peer {
      allowedIps = List.copyOf(allowedIps);
    }

    @Override
    public String toString() {
      return "Peer[" + publicKey + ", endpoint " + endpoint + ", allowed " + allowedIps + "]";
    }
  }

  /**
   * Reads {@code wg show NAME dump}: the interface line, then one line per peer.
   *
   * @throws IllegalArgumentException when {@code text} is not such output
   */
  public static WireGuardDump parse(String text) {
    String[] lines = text.strip().split("\n");
    if (lines.length == 0 || lines[0].isBlank()) {
      throw new IllegalArgumentException("wg show dump: empty output");
    }
    String[] head = lines[0].split("\t");
    if (head.length < 3) {
      throw new IllegalArgumentException("wg show dump: unexpected interface line with " + head.length + " fields");
    }
    List<Peer> peers = new ArrayList<>();
    for (int i = 1; i < lines.length; i++) {
      String[] f = lines[i].split("\t");
      if (f.length < 4) {
        throw new IllegalArgumentException("wg show dump: unexpected peer line with " + f.length + " fields");
      }
      List<String> allowed = "(none)".equals(f[3]) ? List.of() : Arrays.asList(f[3].split(","));
      peers.add(new Peer(f[0], none(f[1]), none(f[2]), allowed));
    }
    return new WireGuardDump(none(head[0]), Integer.parseInt(head[2].trim()), peers);
  }

  private static String none(String field) {
    return "(none)".equals(field) ? null : field;
  }

  @Override
  public String toString() {
    return "WireGuardDump[port " + listenPort + ", peers " + peers + "]";
  }
}
