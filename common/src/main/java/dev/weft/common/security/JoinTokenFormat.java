package dev.weft.common.security;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The join token's text (issue 6): {@code WEFT1-<fingerprint>-<secret>}, both parts 64 lowercase hex digits. The
 * fingerprint is the SHA-256 of the cluster CA certificate's DER encoding, so an agent holding the token can check
 * the coordinator before it sends anything (as Docker Swarm's {@code SWMTKN-1-<ca digest>-<secret>} does). The
 * secret is what the coordinator checks; rotating the token changes only the secret.
 */
public final class JoinTokenFormat {
  /** The version prefix; a later format would use {@code WEFT2-}. */
  public static final String PREFIX = "WEFT1-";
  private static final Pattern TOKEN = Pattern.compile("WEFT1-([0-9a-f]{64})-([0-9a-f]{64})");

  /** The two parts of a well-formed token. */
  public record Parts(String fingerprint, String secret) {
    @Override
    public String toString() {
      return PREFIX + fingerprint + "-" + secret;
    }
  }

  private JoinTokenFormat() {
  }

  /**
   * @param fingerprint the CA's SHA-256, 64 hex digits (any case)
   * @param secret      64 hex digits (any case)
   * @throws IllegalArgumentException naming the part that is malformed
   */
  public static String format(String fingerprint, String secret) {
    String fp = fingerprint.toLowerCase(Locale.ROOT);
    String s = secret.toLowerCase(Locale.ROOT);
    if (!fp.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException("fingerprint: " + fingerprint + " (expected: 64 hex digits, a SHA-256)");
    }
    if (!s.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException("secret: " + secret.length() + " characters (expected: 64 hex digits)");
    }
    return PREFIX + fp + "-" + s;
  }

  /** The parts of {@code token}, or empty when it is null or not {@code WEFT1-<64 hex>-<64 hex>}. */
  public static Optional<Parts> parse(String token) {
    if (token == null) {
      return Optional.empty();
    }
    Matcher m = TOKEN.matcher(token.trim());
    return m.matches() ? Optional.of(new Parts(m.group(1), m.group(2))) : Optional.empty();
  }

  /**
   * The secret of a stored token in either this format or the format before it (a bare 64-hex secret, issue 6's
   * first slice), so that upgrading a coordinator keeps its joined agents' token secret; empty for anything else.
   */
  public static Optional<String> secretOf(String token) {
    if (token == null) {
      return Optional.empty();
    }
    String t = token.trim();
    if (t.matches("[0-9a-f]{64}")) {
      return Optional.of(t);
    }
    return parse(t).map(Parts::secret);
  }
}
