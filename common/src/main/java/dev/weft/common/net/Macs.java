package dev.weft.common.net;

/**
 * MAC addresses of Weft endpoints, derived from their IPv4 address the way Docker's bridge and overlay drivers do
 * ({@code 02:42:} + address there): {@code 02:57:} (locally administered, unicast; 0x57 is "W") followed by the four
 * address bytes. Every host computes the same MAC for an address, so the FDB and neighbour entries agree without
 * a lookup, and addresses unique in a network give MACs unique in it.
 */
public final class Macs {
  private Macs() {
  }

  /** The MAC for {@code ip}, colon-separated lower-case hex, for example {@code 02:57:0a:c8:00:42}. */
  public static String forIp(Ipv4 ip) {
    int[] o = ip.octets();
    return String.format("02:57:%02x:%02x:%02x:%02x", o[0], o[1], o[2], o[3]);
  }

  /**
   * The MAC for an address given as a dotted quad.
   *
   * @throws IllegalArgumentException when {@code ip} is not a strict dotted quad
   */
  public static String forIp(String ip) {
    return forIp(Ipv4.parse(ip));
  }
}
