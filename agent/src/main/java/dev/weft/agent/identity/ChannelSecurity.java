package dev.weft.agent.identity;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.TrustOptions;

/**
 * How the agent channel proves who is at each end (issue 6): with TLS, the coordinator by the pinned CA and the host
 * by its client certificate (no token is sent); without TLS ({@code --tls=false}), the join token as a bearer token.
 */
public interface ChannelSecurity {
  /** Sets up the client's TLS, if any. */
  void configure(WebSocketClientOptions options);

  /** Adds what each connection attempt sends, if anything. */
  void decorate(WebSocketConnectOptions options);

  /** An operator's explanation of a failed connection attempt, or null to report the failure as it is. */
  default String explain(Throwable failure) {
    return null;
  }

  /** Plain HTTP with {@code Authorization: Bearer <join-token>} (local development only). */
  static ChannelSecurity bearer(String joinToken) {
    return new ChannelSecurity() {
      @Override
      public void configure(WebSocketClientOptions options) {
      }

      @Override
      public void decorate(WebSocketConnectOptions options) {
        options.addHeader("Authorization", "Bearer " + joinToken);
      }

      @Override
      public String explain(Throwable failure) {
        String why = failure.getMessage();
        return why != null && why.contains("401") ? "join token refused (401): check --join-token" : null;
      }
    };
  }

  /** Mutual TLS with the host's credential; the coordinator must present the CA the host joined. */
  static ChannelSecurity mutualTls(HostCredential credential) {
    PinnedCaTrust trust = new PinnedCaTrust(credential.caFingerprint());
    return new ChannelSecurity() {
      @Override
      public void configure(WebSocketClientOptions options) {
        options.setSsl(true).setVerifyHost(false).setTrustOptions(TrustOptions.wrap(trust))
            .setKeyCertOptions(new PemKeyCertOptions().addKeyValue(Buffer.buffer(credential.keyPem()))
                .addCertValue(Buffer.buffer(credential.certificatePem())));
      }

      @Override
      public void decorate(WebSocketConnectOptions options) {
      }

      @Override
      public String explain(Throwable failure) {
        String refusal = trust.lastRefusal();
        String why = String.valueOf(failure.getMessage());
        if (why.contains("401")) {
          return "this host's certificate was refused (401): the host was revoked (DELETE /v1/hosts/"
              + credential.hostId() + ") or joined again elsewhere; join again with a fresh join token";
        }
        return refusal != null ? "coordinator refused: " + refusal : null;
      }
    };
  }
}
