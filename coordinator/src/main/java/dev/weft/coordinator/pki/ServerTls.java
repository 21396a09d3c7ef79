package dev.weft.coordinator.pki;

import dev.weft.common.security.Pem;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.ServerSSLOptions;
import io.vertx.core.net.TrustOptions;
import java.time.Clock;
import java.util.List;

/**
 * A member's TLS (issue 6): a server certificate made on every start by the cluster CA, sent with the CA's
 * certificate so that an agent can check the chain against the fingerprint in its join token. Client certificates
 * are requested, not required: API clients use bearer tokens, agents their host certificate, whose signature the
 * handshake checks against the CA ({@link HostTrust}) and the agent channel the rest against the store.
 */
public final class ServerTls {
  /** TLS 1.3, and TLS 1.2 for clients that have no 1.3 (issue 12); 1.0 and 1.1 are refused. */
  public static final java.util.Set<String> PROTOCOLS = java.util.Set.of("TLSv1.3", "TLSv1.2");
  /**
   * TLS 1.3's suites and TLS 1.2's AEAD suites with ECDHE and an ECDSA certificate (the CA is EC P-256), strongest
   * first: no CBC, no SHA-1 MAC, no static RSA (issue 12).
   */
  public static final List<String> CIPHER_SUITES = List.of(
      "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
      "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
      "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256");

  private ServerTls() {
  }

  /** Turns TLS on in {@code options}; {@code names} become the certificate's subject alternative names. */
  public static HttpServerOptions apply(HttpServerOptions options, CertificateAuthority ca, List<String> names,
                                        Clock clock) {
    return apply(options, CaSet.of(ca), names, clock);
  }

  /**
   * Turns TLS on in {@code options} for the CAs of a rotation (issue 12): the server certificate is the current CA's,
   * client certificates of every recognised CA pass the handshake ({@link HostCredentials#admit} refuses retired ones
   * with a message).
   */
  public static HttpServerOptions apply(HttpServerOptions options, CaSet cas, List<String> names, Clock clock) {
    ServerSSLOptions ssl = sslOptions(cas, names, clock);
    options.setEnabledSecureTransportProtocols(PROTOCOLS);
    options.getEnabledCipherSuites().clear();
    CIPHER_SUITES.forEach(options::addEnabledCipherSuite);
    return options.setSsl(true).setKeyCertOptions(ssl.getKeyCertOptions()).setTrustOptions(ssl.getTrustOptions())
        .setClientAuth(ClientAuth.REQUEST);
  }

  /**
   * The TLS options a running server takes when the CAs change ({@code HttpServer.updateSSLOptions}, issue 12): a
   * new server certificate from the current CA, the handshake's trust in every recognised CA.
   */
  public static ServerSSLOptions sslOptions(CaSet cas, List<String> names, Clock clock) {
    CertificateAuthority ca = cas.current();
    CertificateAuthority.Credential server = ca.issueServer("Weft coordinator", SubjectNames.toGeneralNames(names),
        clock);
    String chain = Pem.certificate(server.certificate()) + ca.certificatePem();
    ServerSSLOptions ssl = new ServerSSLOptions().setEnabledSecureTransportProtocols(PROTOCOLS)
        .setKeyCertOptions(new PemKeyCertOptions().addKeyValue(Buffer.buffer(Pem.privateKey(server.key())))
            .addCertValue(Buffer.buffer(chain)))
        // the CA's signature only: an expired host certificate reaches HostCredentials.admit, which says so (issue 12)
        .setTrustOptions(TrustOptions.wrap(new HostTrust(cas.recognised())))
        .setClientAuth(ClientAuth.REQUEST);
    CIPHER_SUITES.forEach(ssl::addEnabledCipherSuite);
    return ssl;
  }
}
