package dev.weft.coordinator.keys;

/**
 * The WireGuard pre-shared key of one pair of hosts (issue 6), as stored.
 *
 * @param hostA     the smaller host id of the pair
 * @param hostB     the larger one
 * @param key       32 random bytes, base64
 * @param epoch     1 for the first key, +1 per rotation
 * @param createdAt epoch milliseconds when this key was made
 */
public record PairKey(String hostA, String hostB, String key, long epoch, long createdAt) implements KeyEntry {

  /** The store key of a pair, the same whichever order the hosts come in. */
  public static String id(String host1, String host2) {
    return host1.compareTo(host2) < 0 ? "psk|" + host1 + "|" + host2 : "psk|" + host2 + "|" + host1;
  }

  public String id() {
    return id(hostA, hostB);
  }

  public boolean involves(String host) {
    return hostA.equals(host) || hostB.equals(host);
  }

  @Override
  public String toString() {
    return "PairKey[" + hostA + "|" + hostB + ", epoch " + epoch + ", created " + createdAt + "]";
  }
}
