package dev.weft.agent.identity;

import dev.weft.common.security.Fingerprints;
import dev.weft.common.security.Pem;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;

/**
 * What a host got by joining (issue 6): its private key (made here, never sent), its certificate naming it, and the
 * cluster CA's certificate; all PEM.
 */
public record HostCredential(String keyPem, String certificatePem, String caPem) {

  /** The host id the certificate names (its subject's CN). */
  public String hostId() {
    X509Certificate certificate = Pem.certificates(certificatePem).get(0);
    String subject = certificate.getSubjectX500Principal().getName();
    for (String part : subject.split(",")) {
      if (part.startsWith("CN=")) {
        return part.substring(3);
      }
    }
    return null;
  }

  /** SHA-256 of the CA certificate: what the coordinator must present from now on. */
  public String caFingerprint() {
    try {
      return Fingerprints.sha256(Pem.certificates(caPem).get(0).getEncoded());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * SHA-256 of every CA certificate in {@code caPem}, in order: the CAs the coordinator may present (both during a CA
   * rotation, issue 12).
   */
  public java.util.List<String> caFingerprints() {
    java.util.List<String> all = new java.util.ArrayList<>();
    for (X509Certificate ca : Pem.certificates(caPem)) {
      try {
        all.add(Fingerprints.sha256(ca.getEncoded()));
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
    }
    return all;
  }

  /** The certificate's notAfter (issue 12: host certificates expire). */
  public java.time.Instant expires() {
    return Pem.certificates(certificatePem).get(0).getNotAfter().toInstant();
  }

  /**
   * Whether the certificate is due for renewal at {@code now} (issue 12): two thirds of its validity have passed, so
   * that a third (30 days of the default 90) is left for attempts while coordinators are away.
   */
  public boolean renewalDue(java.time.Instant now) {
    X509Certificate certificate = Pem.certificates(certificatePem).get(0);
    long from = certificate.getNotBefore().getTime();
    long to = certificate.getNotAfter().getTime();
    return now.toEpochMilli() >= from + (to - from) / 3 * 2;
  }

  /** Whether the private key belongs to the certificate (a sign-and-verify round). */
  public boolean keyMatchesCertificate() {
    try {
      java.security.Signature signer = java.security.Signature.getInstance("SHA256withECDSA");
      signer.initSign(Pem.ecPrivateKey(keyPem));
      byte[] probe = "weft".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
      signer.update(probe);
      byte[] signature = signer.sign();
      java.security.Signature verifier = java.security.Signature.getInstance("SHA256withECDSA");
      verifier.initVerify(Pem.certificates(certificatePem).get(0).getPublicKey());
      verifier.update(probe);
      return verifier.verify(signature);
    } catch (GeneralSecurityException | RuntimeException e) {
      return false;
    }
  }
}
