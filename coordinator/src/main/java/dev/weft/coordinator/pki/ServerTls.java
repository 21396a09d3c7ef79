package dev.weft.coordinator.pki;

import dev.weft.common.security.Pem;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
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
  private ServerTls() {
  }

  /** Turns TLS on in {@code options}; {@code names} become the certificate's subject alternative names. */
  public static HttpServerOptions apply(HttpServerOptions options, CertificateAuthority ca, List<String> names,
                                        Clock clock) {
    CertificateAuthority.Credential server = ca.issueServer("Weft coordinator", SubjectNames.toGeneralNames(names),
        clock);
    String chain = Pem.certificate(server.certificate()) + ca.certificatePem();
    return options.setSsl(true)
        .setKeyCertOptions(new PemKeyCertOptions().addKeyValue(Buffer.buffer(Pem.privateKey(server.key())))
            .addCertValue(Buffer.buffer(chain)))
        // the CA's signature only: an expired host certificate reaches HostCredentials.admit, which says so (issue 12)
        .setTrustOptions(TrustOptions.wrap(new HostTrust(List.of(ca.certificate()))))
        .setClientAuth(ClientAuth.REQUEST);
  }
}
