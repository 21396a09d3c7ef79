package dev.weft.agent.control;

import dev.weft.agent.identity.ChannelSecurity;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import java.net.URI;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The WebSocket client of the agent channel: opens {@code /v1/agent} on a coordinator URL, as the security says. */
final class Connector {
  private static final Logger LOG = LoggerFactory.getLogger(Connector.class);
  /** The longest each step of {@link #close} waits (the WebSocket's close, then the client's). */
  private static final Duration STOP_STEP = Duration.ofSeconds(3);

  private final Vertx vertx;
  private final ChannelSecurity security;
  private final WebSocketClient client;

  Connector(Vertx vertx, ChannelSecurity security) {
    this.vertx = vertx;
    this.security = security;
    WebSocketClientOptions options = new WebSocketClientOptions()
        .setConnectTimeout(5000)
        .setMaxFrameSize(1 << 20)
        .setMaxMessageSize(64 << 20);
    security.configure(options);
    this.client = vertx.createWebSocketClient(options);
  }

  /** The underlying client (the certificate renewal puts the renewed certificate into its TLS options). */
  WebSocketClient client() {
    return client;
  }

  /** Opens the agent channel on {@code uri}; fails as the connection or the handshake does. */
  Future<WebSocket> connect(URI uri) {
    WebSocketConnectOptions options = new WebSocketConnectOptions()
        .setHost(uri.getHost())
        .setPort(uri.getPort())
        .setSsl("https".equals(uri.getScheme()))
        .setURI("/v1/agent");
    security.decorate(options);
    return client.connect(options);
  }

  /** Why a connection failed, in words: the security's explanation (a TLS failure) or the cause's message. */
  String explain(Throwable cause) {
    String explained = security.explain(cause);
    return explained != null ? explained : cause.getMessage();
  }

  /** Closes {@code socket} (null: none) and then the client; always succeeds, within two {@link #STOP_STEP}s. */
  Future<Void> close(WebSocket socket) {
    Future<Void> closing = socket == null ? Future.succeededFuture()
        : socket.close().recover(e -> Future.succeededFuture());
    // Each step bounded: a close handshake the coordinator never answers (seen once in RenewalTest, the socket
    // half-open after the coordinator stopped) must not hold the agent's stop for ever.
    return bounded(closing).compose(x -> bounded(client.close()));
  }

  /** {@code step}, or success after {@link #STOP_STEP} when it has not completed by then. */
  private Future<Void> bounded(Future<Void> step) {
    Promise<Void> result = Promise.promise();
    long timer = vertx.setTimer(STOP_STEP.toMillis(), t -> {
      if (result.tryComplete()) {
        LOG.debug("closing the coordinator connection took longer than {} ms; stopping anyway", STOP_STEP.toMillis());
      }
    });
    step.onComplete(x -> {
      vertx.cancelTimer(timer);
      result.tryComplete();
    });
    return result.future();
  }
}
