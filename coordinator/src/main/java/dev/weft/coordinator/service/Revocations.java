package dev.weft.coordinator.service;

import java.util.function.Supplier;

/**
 * Hosts deleted through the API (issue 6), each recorded with the join token current at its revocation: it may
 * register again only once the join token was rotated after that. Kept in the store's settings (the shared database
 * of a cluster). Blocking.
 */
public final class Revocations {
  private static final String PREFIX = "revoked:";
  /** The serial of the one certificate that names a host (issue 6): a later join or a revocation replaces it. */
  private static final String CERTIFICATE = "cert:";
  private static final String REVOKED = "revoked";
  private final dev.weft.coordinator.store.Database database;
  private final Supplier<String> joinToken;

  public Revocations(dev.weft.coordinator.store.Database database, Supplier<String> joinToken) {
    this.database = database;
    this.joinToken = joinToken;
  }

  /** The setting's key: host ids run to 128 characters, keys to 128 in all. */
  private static String key(String hostId) {
    return PREFIX + hash(hostId);
  }

  private static String hash(String hostId) {
    try {
      byte[] hash = java.security.MessageDigest.getInstance("SHA-256")
          .digest(hostId.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return java.util.HexFormat.of().formatHex(hash);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  void revoke(String hostId) {
    database.put(key(hostId), joinToken.get());
    database.put(CERTIFICATE + hash(hostId), REVOKED);
  }

  /** Records {@code serial} as the host's one valid certificate; an earlier one stops working. */
  public void issued(String hostId, String serial) {
    database.put(CERTIFICATE + hash(hostId), serial);
  }

  /** Whether {@code serial} is the host's current certificate: issued by a join and neither replaced nor revoked. */
  public boolean current(String hostId, String serial) {
    return serial.equals(database.setting(CERTIFICATE + hash(hostId)));
  }

  /** Whether the host was revoked and the join token not rotated since. */
  public boolean revoked(String hostId) {
    String at = database.setting(key(hostId));
    return at != null && at.equals(joinToken.get());
  }
}
