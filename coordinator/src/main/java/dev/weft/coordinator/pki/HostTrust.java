package dev.weft.coordinator.pki;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * What a member's TLS handshake checks of a client certificate (issue 12): that one of the trusted CAs signed it, and
 * nothing about its dates. The JDK's own trust manager refuses an expired certificate in the handshake, so that the
 * agent saw only a TLS alert and the coordinator could not tell it that its certificate expired and what to do;
 * {@link HostCredentials#admit} checks the dates (with the coordinator's clock), the host and the serial instead, and
 * answers 401 with the reason. A chain that no trusted CA signed still fails the handshake.
 */
final class HostTrust extends X509ExtendedTrustManager {
  private final List<X509Certificate> cas;

  /** @param cas the CAs whose host certificates are accepted, never empty */
  HostTrust(List<X509Certificate> cas) {
    if (cas.isEmpty()) {
      throw new IllegalArgumentException("cas: [] (expected: at least one CA certificate)");
    }
    this.cas = List.copyOf(cas);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    if (chain == null || chain.length == 0) {
      throw new CertificateException("no client certificate");
    }
    X509Certificate leaf = chain[0];
    for (X509Certificate ca : cas) {
      if (!ca.getSubjectX500Principal().equals(leaf.getIssuerX500Principal())) {
        continue;
      }
      try {
        leaf.verify(ca.getPublicKey());
        return;
      } catch (GeneralSecurityException e) {
        // another CA of the same name may have signed it (a rotation)
      }
    }
    throw new CertificateException("the client certificate of " + leaf.getSubjectX500Principal()
        + " is not signed by a CA this coordinator trusts");
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    throw new CertificateException("a coordinator's server checks no server certificates");
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
    checkClientTrusted(chain, authType);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    checkClientTrusted(chain, authType);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
    checkServerTrusted(chain, authType);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    checkServerTrusted(chain, authType);
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return cas.toArray(new X509Certificate[0]);
  }
}
