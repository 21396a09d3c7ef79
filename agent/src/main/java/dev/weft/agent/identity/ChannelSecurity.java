package dev.weft.agent.identity;

import dev.weft.common.wire.ToAgent;
import dev.weft.common.wire.ToCoordinator;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.net.ClientSSLOptions;

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

  /**
   * Whether a renewal can be stored (issue 12), so that one asked for by the coordinator ({@code renew-now}, a CA
   * rotation) is worth making; false without TLS or without a state dir to store it in. Cheap.
   */
  default boolean renews() {
    return false;
  }

  /** Whether this host's certificate is due for renewal now (issue 12); never without TLS. Cheap. */
  default boolean renewalDue() {
    return false;
  }

  /**
   * A renew request with a new key made for it, kept until {@link #renewed} (issue 12). Blocking (makes a key).
   *
   * @throws UnsupportedOperationException without TLS
   */
  default ToCoordinator.Renew renewal(String requestId) {
    throw new UnsupportedOperationException("no host certificate without TLS");
  }

  /**
   * Stores the renewed certificate with the key of its request, in the state dir, and uses it from the next
   * connection on. Blocking (files).
   *
   * @return the TLS options for the next connections
   * @throws IllegalArgumentException when the answer does not fit the request (another key, another CA)
   */
  default ClientSSLOptions renewed(ToAgent.Renewed renewed) {
    throw new UnsupportedOperationException("no host certificate without TLS");
  }

  /** Mutual TLS with the host's credential; the coordinator must present the CA the host joined. No renewal. */
  static ChannelSecurity mutualTls(HostCredential credential) {
    return new MutualTls(credential, null, java.time.Clock.systemUTC());
  }

  /**
   * Mutual TLS with the host's credential, renewed over the session when due (issue 12) and stored in {@code store}.
   *
   * @param clock when the certificate is due (tests move it)
   */
  static ChannelSecurity mutualTls(HostCredential credential, CredentialStore store, java.time.Clock clock) {
    return new MutualTls(credential, store, clock);
  }
}
