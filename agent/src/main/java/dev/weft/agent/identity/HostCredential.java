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
}
