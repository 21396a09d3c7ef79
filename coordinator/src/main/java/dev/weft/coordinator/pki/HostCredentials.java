package dev.weft.coordinator.pki;

import dev.weft.common.security.Fingerprints;
import dev.weft.common.security.Pem;
import dev.weft.common.error.ValidationException;
import dev.weft.coordinator.error.UnauthorizedException;
import dev.weft.coordinator.error.ConflictException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Host credentials (issue 6): a host joins with the join token and a public key it made, and gets a client
 * certificate naming it; from then on the agent channel admits it by that certificate alone. Each host has one
 * current certificate (recorded in the store, {@link dev.weft.coordinator.pki.HostCertificate}): a join for a
 * host that holds a valid one for another key is refused (issue 12: no takeover with the join token), a renewal over
 * the agent channel replaces it, {@code DELETE /v1/hosts/{id}} revokes it on every member at once. Certificates last
 * {@code --host-cert-lifetime}; an expired one is refused with a message that says so. Blocking (the store).
 */
public final class HostCredentials {
  private static final Pattern HOST_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
  /**
   * How long the certificate a renewal replaced stays accepted: an agent whose session broke before it stored the
   * new certificate reconnects with the old one, and renews again.
   */
  public static final Duration RENEWAL_OVERLAP = Duration.ofHours(1);

  private final Supplier<CaSet> cas;
  private final Supplier<String> joinToken;
  private final Revocations revocations;
  private final Clock clock;
  private final Duration lifetime;

  /** What a join or a renewal answers: the host's certificate and the CA's, both PEM, and the new serial. */
  public record Issued(String hostId, String certificate, String ca, String serial) {
  }

  /**
   * The host a client certificate names, its serial (lowercase hex) and the fingerprint of the CA that signed it (a
   * CA rotation, issue 12: a host on the old CA is told to renew), null when not known.
   */
  public record Admitted(String hostId, String serial, String ca) {
    public Admitted(String hostId, String serial) {
      this(hostId, serial, null);
    }
  }

  /** One CA, no rotation; {@code lifetime}: how long a host certificate is valid ({@code --host-cert-lifetime}). */
  public HostCredentials(CertificateAuthority ca, Supplier<String> joinToken, Revocations revocations, Clock clock,
                         Duration lifetime) {
    this(() -> CaSet.of(ca), joinToken, revocations, clock, lifetime);
  }

  /**
   * @param cas      the cluster's CAs now (a CA rotation, issue 12): new certificates come from its signer, and a
   *                 join or renewal answers the bundle of the trusted ones
   * @param lifetime how long a host certificate is valid ({@code --host-cert-lifetime}, issue 12)
   */
  public HostCredentials(Supplier<CaSet> cas, Supplier<String> joinToken, Revocations revocations, Clock clock,
                         Duration lifetime) {
    this.cas = cas;
    this.joinToken = joinToken;
    this.revocations = revocations;
    this.clock = clock;
    this.lifetime = lifetime;
  }

  /** The cluster's CAs now (a CA rotation, issue 12); cheap. */
  public CaSet cas() {
    return cas.get();
  }

  /**
   * @param token     the join token the host presented (null when none)
   * @param hostId    the id the certificate will name
   * @param publicKey the host's EC public key, base64 of its DER SubjectPublicKeyInfo
   * @throws UnauthorizedException when the token is not the current join token
   * @throws ValidationException   for a bad host id or public key
   * @throws ConflictException     when the host was revoked and the join token not rotated since, or when it holds
   *                               a valid certificate for another public key (joined already, issue 12)
   */
  public Issued join(String token, String hostId, String publicKey) {
    String expected = joinToken.get();
    if (token == null || !MessageDigest.isEqual(token.trim().getBytes(StandardCharsets.UTF_8),
        expected.getBytes(StandardCharsets.UTF_8))) {
      throw new UnauthorizedException("join needs Authorization: Bearer <join-token> with the current join token "
          + "(GET /v1/join-token; a rotated token replaces the old one)");
    }
    if (hostId == null || !HOST_ID.matcher(hostId).matches()) {
      throw new ValidationException("hostId", hostId,
          "1-128 characters of letters, digits, '.', '_' and '-', starting with a letter or digit");
    }
    PublicKey key = ecPublicKey(publicKey);
    if (revocations.revoked(hostId)) {
      throw new ConflictException("host \"" + hostId + "\" was revoked (DELETE /v1/hosts/" + hostId
          + "); it may join again only with a join token rotated after that");
    }
    CaSet now = cas.get();
    X509Certificate certificate = now.signer().issueHost(hostId, key, clock, lifetime);
    // A certificate no CA trusts any more (its CA was retired) holds the host id no longer (issue 12).
    Revocations.Claimed claimed = revocations.claim(record(hostId, certificate), clock.instant(),
        held -> held.certificate() != null && now.trustedSignerOf(held.certificate()) == null);
    switch (claimed.claim()) {
      case ISSUED -> {
        return issued(hostId, certificate, now);
      }
      case SAME -> {
        return new Issued(hostId, claimed.current().certificate(), now.bundlePem(), claimed.current().serial());
      }
      case HELD -> throw new ConflictException("host \"" + hostId + "\" is joined already, with another key"
          + (claimed.current().expiresAt() == null ? "" : " (its certificate is valid until "
          + claimed.current().expiresAt() + ")") + ": to move it to this machine, revoke it first (weft host rm "
          + hostId + ", DELETE /v1/hosts/" + hostId + "), rotate the join token and join again; or start this agent "
          + "with another host id (--host-id)");
      default -> throw new ConflictException("host \"" + hostId + "\": another join for it changed its certificate "
          + "at the same time; retry");
    }
  }

  /**
   * A new certificate for a host, over the agent session its current certificate opened (issue 12). The new one is
   * the host's current certificate from now on; {@code sessionSerial} stays accepted for {@link #RENEWAL_OVERLAP}.
   *
   * @param sessionSerial the serial the session was admitted with, or renewed to last
   * @param publicKey     the host's new EC public key, base64 of its DER SubjectPublicKeyInfo
   * @throws ValidationException   for a bad public key
   * @throws UnauthorizedException when the session's certificate was revoked or replaced meanwhile
   * @throws ConflictException     when another renewal changed the certificate at the same time (retry)
   */
  public Issued renew(String hostId, String sessionSerial, String publicKey) {
    PublicKey key = ecPublicKey(publicKey);
    CaSet signers = cas.get();
    X509Certificate certificate = signers.signer().issueHost(hostId, key, clock, lifetime);
    Instant now = clock.instant();
    return switch (revocations.renew(record(hostId, certificate), sessionSerial, now, now.plus(RENEWAL_OVERLAP))) {
      case ISSUED -> issued(hostId, certificate, signers);
      case HELD, SAME -> throw new UnauthorizedException("renew: the certificate of host \"" + hostId + "\" this session "
          + "opened with was revoked or replaced; the host needs to join again with the join token");
      case RACED -> throw new ConflictException("renew: the certificate of host \"" + hostId + "\" changed while "
          + "renewing; retry");
    };
  }

  private static Issued issued(String hostId, X509Certificate certificate, CaSet signers) {
    return new Issued(hostId, Pem.certificate(certificate), signers.bundlePem(), serial(certificate));
  }

  private static HostCertificate record(String hostId, X509Certificate certificate) {
    return HostCertificate.issued(hostId, serial(certificate), keyHash(certificate.getPublicKey()),
        certificate.getNotBefore().toInstant(), certificate.getNotAfter().toInstant(), Pem.certificate(certificate));
  }

  private static String serial(X509Certificate certificate) {
    return certificate.getSerialNumber().toString(16);
  }

  private static String keyHash(PublicKey key) {
    return Fingerprints.sha256(key.getEncoded());
  }

  /**
   * The host a client certificate names, when it is that host's current certificate. The TLS handshake checked
   * already that the CA signed it.
   *
   * @param chain what the client presented, its own certificate first; empty when it presented none
   * @throws UnauthorizedException saying why the certificate is not accepted: none, not a host certificate, revoked
   *                               or replaced, expired (issue 12: the handshake lets an expired one through, see
   *                               {@link HostTrust}, so that this can say so)
   */
  public Admitted admit(List<? extends java.security.cert.Certificate> chain) {
    if (chain.isEmpty() || !(chain.get(0) instanceof X509Certificate certificate)) {
      throw new UnauthorizedException("the agent channel needs this host's client certificate (mutual TLS); a new "
          + "host first joins with the join token: POST /v1/join");
    }
    String hostId = CertificateAuthority.commonName(certificate);
    CaSet now = cas.get();
    String signer = now.trustedSignerOf(certificate);
    if (signer == null) {
      String retired = now.retiredSignerOf(certificate);
      throw new UnauthorizedException(retired != null
          ? "the certificate of host \"" + hostId + "\" was signed by the cluster CA sha256 " + retired + ", which was "
          + "retired (a CA rotation, POST /v1/ca/retire): the host must join again with the current join token "
          + "(GET /v1/join-token; its agent joins when started with --join-token)"
          : "the certificate presented is not signed by a CA this coordinator trusts");
    }
    try {
      List<String> usages = certificate.getExtendedKeyUsage();
      if (hostId == null || usages == null || !usages.contains("1.3.6.1.5.5.7.3.2")) {
        throw new UnauthorizedException("the certificate presented is not a Weft host certificate");
      }
    } catch (java.security.cert.CertificateParsingException e) {
      throw new UnauthorizedException("the certificate presented is not a Weft host certificate");
    }
    Instant at = clock.instant();
    if (!revocations.current(hostId, serial(certificate), at)) {
      throw new UnauthorizedException("the certificate of host \"" + hostId + "\" was revoked or replaced by a "
          + "later join or renewal; the host needs a fresh join token");
    }
    Instant notAfter = certificate.getNotAfter().toInstant();
    if (!at.isBefore(notAfter)) {
      throw new UnauthorizedException("the certificate of host \"" + hostId + "\" expired at " + notAfter
          + "; the host must join again with the join token (POST /v1/join; its agent does when started with "
          + "--join-token)");
    }
    if (at.isBefore(certificate.getNotBefore().toInstant())) {
      throw new UnauthorizedException("the certificate of host \"" + hostId + "\" is valid only from "
          + certificate.getNotBefore().toInstant() + " (check this member's clock)");
    }
    return new Admitted(hostId, serial(certificate), signer);
  }

  private static PublicKey ecPublicKey(String base64) {
    if (base64 == null || base64.isBlank()) {
      throw new ValidationException("publicKey", base64, "base64 of an EC P-256 public key (DER SubjectPublicKeyInfo)");
    }
    try {
      PublicKey key = KeyFactory.getInstance("EC").generatePublic(
          new X509EncodedKeySpec(Base64.getDecoder().decode(base64.trim())));
      if (!(key instanceof ECPublicKey ec) || ec.getParams().getCurve().getField().getFieldSize() != 256) {
        throw new GeneralSecurityException("not P-256");
      }
      return key;
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new ValidationException("publicKey", base64.length() > 40 ? base64.substring(0, 40) + "…" : base64,
          "base64 of an EC P-256 public key (DER SubjectPublicKeyInfo)");
    }
  }
}
