package dev.weft.agent.identity;

import dev.weft.common.security.Fingerprints;
import dev.weft.common.security.OneWayTrust;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The agent's trust decision about a coordinator (issue 6): the chain it presents must end in a CA certificate whose
 * SHA-256 equals the fingerprint of the join token (or of the {@code ca.pem} kept since joining), its first
 * certificate must be signed by that CA, be valid now and be meant for TLS servers (so another host's client
 * certificate from the same CA cannot pose as a coordinator). Host names are not checked: the pinned CA signs
 * coordinators only, as in Docker Swarm. (An extended trust manager, so the JDK adds no host name check of its own.)
 */
public final class PinnedCaTrust extends OneWayTrust {
  private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
  private final String fingerprint;
  private final AtomicReference<String> lastRefusal = new AtomicReference<>();

  /** @param fingerprint the CA's SHA-256, 64 lowercase hex digits */
  public PinnedCaTrust(String fingerprint) {
    this.fingerprint = fingerprint;
  }

  public String fingerprint() {
    return fingerprint;
  }

  /** Why the last coordinator was refused, for the log; null when none was. */
  public String lastRefusal() {
    return lastRefusal.get();
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    String why = refusal(chain == null ? List.of() : List.of(chain), fingerprint);
    if (why != null) {
      lastRefusal.set(why);
      throw new CertificateException(why);
    }
    lastRefusal.set(null);
  }

  /** Why {@code chain} is not a coordinator of the CA with {@code expected} fingerprint; null when it is. Pure. */
  static String refusal(List<X509Certificate> chain, String expected) {
    if (chain.size() < 2) {
      return "the coordinator presented " + chain.size() + " certificate(s), expected its own and its CA's";
    }
    X509Certificate ca = chain.get(chain.size() - 1);
    X509Certificate server = chain.get(0);
    try {
      String seen = Fingerprints.sha256(ca.getEncoded());
      if (!seen.equals(expected)) {
        return "the coordinator's CA fingerprint is sha256:" + seen + " but the join token expects sha256:" + expected
            + " (wrong coordinator, or a join token of another cluster)";
      }
      ca.verify(ca.getPublicKey());
      server.verify(ca.getPublicKey());
      server.checkValidity();
      List<String> usages = server.getExtendedKeyUsage();
      if (usages == null || !usages.contains(SERVER_AUTH)) {
        return "the coordinator's certificate is not a server certificate of its CA";
      }
      return null;
    } catch (GeneralSecurityException e) {
      return "the coordinator's certificate does not check against its CA: " + e.getMessage();
    }
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    throw new CertificateException("an agent authenticates no clients");
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return new X509Certificate[0];
  }
}
