package dev.weft.agent.identity;

import dev.weft.common.security.Fingerprints;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The agent's trust decision about a coordinator (issue 6): the chain it presents must end in a CA certificate whose
 * SHA-256 equals the fingerprint of the join token (or of the {@code ca.pem} kept since joining), its first
 * certificate must be signed by that CA, be valid now and be meant for TLS servers (so another host's client
 * certificate from the same CA cannot pose as a coordinator). Host names are not checked: the pinned CA signs
 * coordinators only, as in Docker Swarm. (An extended trust manager, so the JDK adds no host name check of its own.)
 */
public final class PinnedCaTrust extends X509ExtendedTrustManager {
  private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
  private volatile List<String> fingerprints;
  private final AtomicReference<String> lastRefusal = new AtomicReference<>();
  private final AtomicReference<String> lastPresentedCa = new AtomicReference<>();

  /** @param fingerprint the CA's SHA-256, 64 lowercase hex digits */
  public PinnedCaTrust(String fingerprint) {
    this(List.of(fingerprint));
  }

  /**
   * Several CAs, any of which may end the coordinator's chain: both CAs of a rotation (issue 12), as the coordinator
   * sent them over an authenticated session and {@code ca.pem} keeps them.
   *
   * @param fingerprints SHA-256 of each CA, 64 lowercase hex digits; never empty
   */
  public PinnedCaTrust(java.util.Collection<String> fingerprints) {
    pin(fingerprints);
  }

  /** The pinned CAs' fingerprints, the first one first. */
  public String fingerprint() {
    return fingerprints.get(0);
  }

  /** Pins these CAs from the next handshake on, instead of the ones before (a renewal's CA bundle, issue 12). */
  public void pin(java.util.Collection<String> cas) {
    if (cas.isEmpty()) {
      throw new IllegalArgumentException("fingerprints: [] (expected: at least one CA fingerprint)");
    }
    this.fingerprints = List.copyOf(cas);
  }

  /** Every pinned CA's fingerprint. */
  public List<String> fingerprints() {
    return fingerprints;
  }

  /** The fingerprint of the last CA a coordinator presented (the end of its chain), or null when none did. */
  public String lastPresentedCa() {
    return lastPresentedCa.get();
  }

  /** Why the last coordinator was refused, for the log; null when none was. */
  public String lastRefusal() {
    return lastRefusal.get();
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    if (chain != null && chain.length > 0) {
      try {
        lastPresentedCa.set(Fingerprints.sha256(chain[chain.length - 1].getEncoded()));
      } catch (GeneralSecurityException e) {
        lastPresentedCa.set(null);
      }
    }
    String why = refusal(chain == null ? List.of() : List.of(chain), fingerprints);
    if (why != null) {
      lastRefusal.set(why);
      throw new CertificateException(why);
    }
    lastRefusal.set(null);
  }

  /** Why {@code chain} is not a coordinator of the CA with {@code expected} fingerprint; null when it is. Pure. */
  static String refusal(List<X509Certificate> chain, String expected) {
    return refusal(chain, List.of(expected));
  }

  /** Why {@code chain} is not a coordinator of a CA with one of the {@code expected} fingerprints; null when it is. */
  static String refusal(List<X509Certificate> chain, List<String> expected) {
    if (chain.size() < 2) {
      return "the coordinator presented " + chain.size() + " certificate(s), expected its own and its CA's";
    }
    X509Certificate ca = chain.get(chain.size() - 1);
    X509Certificate server = chain.get(0);
    try {
      String seen = Fingerprints.sha256(ca.getEncoded());
      if (!expected.contains(seen)) {
        return "the coordinator's CA fingerprint is sha256:" + seen + (expected.size() == 1
            ? " but the join token expects sha256:" + expected.get(0)
            : " but this host pins sha256:" + String.join(", sha256:", expected))
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
    return new X509Certificate[0];
  }
}
