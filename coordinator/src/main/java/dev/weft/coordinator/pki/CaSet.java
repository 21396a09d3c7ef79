package dev.weft.coordinator.pki;

import dev.weft.common.security.Fingerprints;
import dev.weft.common.security.Pem;
import dev.weft.common.wire.ToAgent;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * The CAs of a cluster at one moment of a CA rotation (issue 12): the current CA, which signs the members' server
 * certificates; the staged one ({@code POST /v1/ca/rotate}), if any, which signs new host certificates while both are
 * trusted; and the certificates of CAs retired since this member started, trusted by no one but recognised, so that
 * a host still holding a certificate of one is told that its CA was retired. Immutable.
 *
 * @param next    the staged CA, or null when no rotation is under way
 * @param retired certificates of retired CAs, never null
 */
public record CaSet(CertificateAuthority current, CertificateAuthority next, List<X509Certificate> retired) {
  public CaSet {
    retired = List.copyOf(retired);
  }

  /** One CA, no rotation. */
  public static CaSet of(CertificateAuthority current) {
    return new CaSet(current, null, List.of());
  }

  /** The CA that signs new host certificates (joins and renewals): the staged one during a rotation. */
  public CertificateAuthority signer() {
    return next != null ? next : current;
  }

  /** The CAs whose host certificates are accepted: the current one, and the staged one during a rotation. */
  public List<X509Certificate> trusted() {
    return next == null ? List.of(current.certificate()) : List.of(current.certificate(), next.certificate());
  }

  /** What the TLS handshake lets through: the trusted CAs and the retired ones ({@link HostCredentials#admit}). */
  public List<X509Certificate> recognised() {
    List<X509Certificate> all = new ArrayList<>(trusted());
    all.addAll(retired);
    return all;
  }

  /** The trusted CAs' certificates, PEM, current first: {@code ca.pem} and the {@code ca} of a join or renewal. */
  public String bundlePem() {
    return next == null ? current.certificatePem() : current.certificatePem() + next.certificatePem();
  }

  /** The fingerprint of the CA among {@code cas} that signed {@code certificate}, or null when none did. */
  static String signerOf(X509Certificate certificate, List<X509Certificate> cas) {
    for (X509Certificate ca : cas) {
      if (!ca.getSubjectX500Principal().equals(certificate.getIssuerX500Principal())) {
        continue;
      }
      try {
        certificate.verify(ca.getPublicKey());
        return Fingerprints.sha256(ca.getEncoded());
      } catch (GeneralSecurityException e) {
        // another CA of the same name
      }
    }
    return null;
  }

  /** The fingerprint of the trusted CA that signed {@code certificate}, or null when none did. */
  public String trustedSignerOf(X509Certificate certificate) {
    return signerOf(certificate, trusted());
  }

  /** The fingerprint of the retired CA that signed {@code certificate}, or null when none did. */
  public String retiredSignerOf(X509Certificate certificate) {
    return signerOf(certificate, retired);
  }

  /** The fingerprint of the trusted CA that signed a certificate given as PEM, or null (none, or not PEM). */
  public String trustedSignerOf(String certificatePem) {
    try {
      return trustedSignerOf(Pem.certificates(certificatePem).get(0));
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** Whether the CA of this fingerprint is trusted now (current or staged). */
  public boolean trusts(String fingerprint) {
    return trusted().stream().anyMatch(ca -> fingerprint.equals(fingerprintOf(ca)));
  }

  /**
   * What a session on a certificate of the CA {@code fingerprint} is told while a rotation is under way: renew now,
   * to a certificate of the CA that signs; null when that CA signs already.
   */
  public ToAgent.RenewNow renewNowFor(String fingerprint) {
    String signer = signer().fingerprint();
    return fingerprint.equals(signer) ? null : new ToAgent.RenewNow("a new cluster CA (sha256 "
        + signer + ") was staged: renew to a certificate of it and pin both CAs");
  }

  private static String fingerprintOf(X509Certificate certificate) {
    try {
      return Fingerprints.sha256(certificate.getEncoded());
    } catch (GeneralSecurityException e) {
      return "";
    }
  }
}
