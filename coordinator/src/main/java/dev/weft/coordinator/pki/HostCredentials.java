package dev.weft.coordinator.pki;

import dev.weft.common.security.Pem;
import dev.weft.common.validation.ValidationException;
import dev.weft.coordinator.api.UnauthorizedException;
import dev.weft.coordinator.service.ConflictException;
import dev.weft.coordinator.service.Revocations;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Host credentials (issue 6): a host joins with the join token and a public key it made, and gets a client
 * certificate naming it; from then on the agent channel admits it by that certificate alone. Each host has one
 * current certificate (recorded in the store by serial): a new join replaces it, {@code DELETE /v1/hosts/{id}}
 * revokes it on every member at once. Blocking (the store).
 */
public final class HostCredentials {
  private static final Pattern HOST_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

  private final CertificateAuthority ca;
  private final Supplier<String> joinToken;
  private final Revocations revocations;
  private final Clock clock;

  /** What a join answers: the host's certificate and the CA's, both PEM. */
  public record Issued(String hostId, String certificate, String ca) {
  }

  public HostCredentials(CertificateAuthority ca, Supplier<String> joinToken, Revocations revocations, Clock clock) {
    this.ca = ca;
    this.joinToken = joinToken;
    this.revocations = revocations;
    this.clock = clock;
  }

  /**
   * @param token     the join token the host presented (null when none)
   * @param hostId    the id the certificate will name
   * @param publicKey the host's EC public key, base64 of its DER SubjectPublicKeyInfo
   * @throws UnauthorizedException when the token is not the current join token
   * @throws ValidationException   for a bad host id or public key
   * @throws ConflictException     when the host was revoked and the join token not rotated since
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
    X509Certificate certificate = ca.issueHost(hostId, key, clock);
    revocations.issued(hostId, certificate.getSerialNumber().toString(16));
    return new Issued(hostId, Pem.certificate(certificate), ca.certificatePem());
  }

  /**
   * The host a client certificate names, when it is that host's current certificate. The TLS handshake checked
   * already that the CA signed it.
   *
   * @param chain what the client presented, its own certificate first; empty when it presented none
   * @throws UnauthorizedException saying why the certificate is not accepted
   */
  public String admit(List<? extends java.security.cert.Certificate> chain) {
    if (chain.isEmpty() || !(chain.get(0) instanceof X509Certificate certificate)) {
      throw new UnauthorizedException("the agent channel needs this host's client certificate (mutual TLS); a new "
          + "host first joins with the join token: POST /v1/join");
    }
    String hostId = CertificateAuthority.commonName(certificate);
    try {
      if (hostId == null || !certificate.getExtendedKeyUsage().contains("1.3.6.1.5.5.7.3.2")) {
        throw new UnauthorizedException("the certificate presented is not a Weft host certificate");
      }
    } catch (java.security.cert.CertificateParsingException e) {
      throw new UnauthorizedException("the certificate presented is not a Weft host certificate");
    }
    if (!revocations.current(hostId, certificate.getSerialNumber().toString(16))) {
      throw new UnauthorizedException("the certificate of host \"" + hostId + "\" was revoked or replaced by a "
          + "later join; the host needs a fresh join token");
    }
    return hostId;
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
