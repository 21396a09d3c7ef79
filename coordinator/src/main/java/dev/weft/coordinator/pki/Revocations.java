package dev.weft.coordinator.pki;

import dev.weft.coordinator.settings.Settings;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * Hosts deleted through the API (issue 6), each recorded with the join token current at its revocation: it may
 * register again only once the join token was rotated after that. Kept in the store's settings (the shared database
 * of a cluster). Blocking.
 */
public final class Revocations {
  private static final String PREFIX = "revoked:";
  /**
   * The one certificate that names a host (issue 6), a {@link HostCertificate} record (issue 12): a renewal, a join
   * after an expiry or revocation, or a revocation replaces it.
   */
  private static final String CERTIFICATE = "cert:";
  private final Settings settings;
  private final Supplier<String> joinToken;

  public Revocations(Settings settings, Supplier<String> joinToken) {
    this.settings = settings;
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

  public void revoke(String hostId) {
    settings.put(key(hostId), joinToken.get());
    settings.put(CERTIFICATE + hash(hostId), HostCertificate.REVOKED);
  }

  /** How a claim of a host's certificate ended (issue 12). */
  public enum Claim {
    /** The candidate is the host's current certificate now. */
    ISSUED,
    /** The host holds a valid certificate for another key: the candidate is not recorded. */
    HELD,
    /**
     * The host holds a valid certificate for the candidate's key (a join repeated after a lost answer): that one
     * stays, and is the answer; the candidate is not recorded. Replacing it would let anyone with the join token and
     * a host's public key (which is no secret) make the real host's certificate stop working.
     */
    SAME,
    /** The setting changed under each of a few attempts (joins racing): the candidate is not recorded. */
    RACED
  }

  /** A claim's outcome and the record that is the host's current one after it (null when {@link Claim#RACED}). */
  public record Claimed(Claim claim, HostCertificate current) {
  }

  /**
   * Records {@code candidate} as its host's one valid certificate, atomically (issue 12): when the host has no
   * certificate, when the one it has is revoked (the caller checked that the join token was rotated since) or
   * expired. A host holding a valid certificate keeps it: for another key the claim is {@link Claim#HELD}, for the
   * same key (an agent retrying a join whose answer it lost) {@link Claim#SAME}. Of two joins racing for one new host id exactly one is recorded: the
   * first insert wins through the primary key, a replacement only over the value it read.
   *
   * @return the outcome; with {@link Claim#HELD} and {@link Claim#SAME} the record that stays
   */
  public Claimed claim(HostCertificate candidate, Instant now) {
    return claim(candidate, now, record -> false);
  }

  /**
   * {@link #claim(HostCertificate, Instant)}, where a stored certificate that {@code dead} holds counts as expired
   * (a CA rotation, issue 12: a certificate of a retired CA is accepted nowhere, so its host may join again).
   */
  public Claimed claim(HostCertificate candidate, Instant now, java.util.function.Predicate<HostCertificate> dead) {
    String setting = CERTIFICATE + hash(candidate.hostId());
    String mine = candidate.json();
    for (int attempt = 0; attempt < 3; attempt++) {
      String stored = settings.putIfAbsent(setting, mine);
      if (stored.equals(mine)) {
        return new Claimed(Claim.ISSUED, candidate);
      }
      HostCertificate current = HostCertificate.parse(stored);
      boolean valid = current != null && !current.expiredAt(now) && !dead.test(current);
      if (valid && !current.forKey(candidate.key())) {
        return new Claimed(Claim.HELD, current);
      }
      if (valid && current.certificate() != null) {
        return new Claimed(Claim.SAME, current);
      }
      if (settings.replaceIf(setting, stored, mine)) {
        return new Claimed(Claim.ISSUED, candidate);
      }
    }
    return new Claimed(Claim.RACED, null);
  }

  /**
   * Replaces the host's current certificate by a renewed one (issue 12), when the session asking holds the current
   * one (or the one a renewal replaced, within its overlap); the session's certificate stays accepted until
   * {@code overlapUntil}, so that an agent which has not stored the new one yet can still reconnect.
   *
   * @param sessionSerial the serial of the certificate the asking session was admitted with (or renewed to)
   * @return {@link Claim#ISSUED}; {@link Claim#HELD} when the session's certificate is no longer the host's (revoked
   *         or replaced); {@link Claim#RACED} when the setting changed while renewing
   */
  public Claim renew(HostCertificate candidate, String sessionSerial, Instant now, Instant overlapUntil) {
    String setting = CERTIFICATE + hash(candidate.hostId());
    String stored = settings.get(setting);
    HostCertificate current = HostCertificate.parse(stored);
    if (current == null || !current.accepts(sessionSerial, now)) {
      return Claim.HELD;
    }
    return settings.replaceIf(setting, stored, candidate.replacing(sessionSerial, overlapUntil).json())
        ? Claim.ISSUED : Claim.RACED;
  }

  /**
   * Whether {@code serial} is accepted for the host at {@code now}: its current certificate (issued by a join or a
   * renewal, neither replaced nor revoked), or the one a renewal replaced, during the overlap.
   */
  public boolean current(String hostId, String serial, Instant now) {
    HostCertificate current = HostCertificate.parse(settings.get(CERTIFICATE + hash(hostId)));
    return current != null && current.accepts(serial, now);
  }

  /** Whether the host holds a certificate that was not revoked (expired or not): a host that can be revoked. */
  public boolean joined(String hostId) {
    return certificate(hostId) != null;
  }

  /** The host's current certificate record, or null when it never joined or was revoked. */
  public HostCertificate certificate(String hostId) {
    return HostCertificate.parse(settings.get(CERTIFICATE + hash(hostId)));
  }

  /**
   * Every host holding a certificate that was not revoked, by host id (issue 12). Hosts that joined before issue 12
   * are recorded by serial alone and are not in it.
   */
  public java.util.Map<String, HostCertificate> joined() {
    java.util.Map<String, HostCertificate> found = new java.util.TreeMap<>();
    for (String value : settings.startingWith(CERTIFICATE).values()) {
      HostCertificate record = HostCertificate.parse(value);
      if (record != null && record.hostId() != null) {
        found.put(record.hostId(), record);
      }
    }
    return found;
  }

  /** Whether the host was revoked and the join token not rotated since. */
  public boolean revoked(String hostId) {
    String at = settings.get(key(hostId));
    // The secret decides, not the whole text: a CA rotation changes the token's fingerprint part only (issue 12), and
    // must not lift a revocation.
    return at != null && (at.equals(joinToken.get()) || secret(at).equals(secret(joinToken.get())));
  }

  private static String secret(String token) {
    return dev.weft.common.security.JoinTokenFormat.secretOf(token).orElse(token);
  }
}
