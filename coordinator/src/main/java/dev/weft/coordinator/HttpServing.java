package dev.weft.coordinator;

import dev.weft.coordinator.config.CoordinatorConfig;
import dev.weft.coordinator.http.RequestHeadTimeouts;
import dev.weft.coordinator.metrics.Counters;
import dev.weft.coordinator.pki.CaSet;
import dev.weft.coordinator.pki.ServerTls;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The coordinator's HTTP server: its options, the request-head timeouts in front of the router, its TLS. */
final class HttpServing {
  private static final Logger LOG = LoggerFactory.getLogger(HttpServing.class);
  private static final int MAX_AGENT_MESSAGE = 4 * 1024 * 1024;

  private final CoordinatorConfig config;
  private final List<String> names;
  private final Clock clock;

  /** @param names the server certificate's subject alternative names */
  HttpServing(CoordinatorConfig config, List<String> names, Clock clock) {
    this.config = config;
    this.names = names;
    this.clock = clock;
  }

  /** The server's options; with TLS on, its certificate from {@code cas}. */
  HttpServerOptions options(CaSet cas) {
    HttpServerOptions options = new HttpServerOptions()
        .setHost(config.listenHost()).setPort(config.listenPort())
        .setMaxWebSocketMessageSize(MAX_AGENT_MESSAGE).setMaxWebSocketFrameSize(MAX_AGENT_MESSAGE)
        .setMaxInitialLineLength(8192)
        // Idle connections are closed (issue 12); agents' heartbeats keep theirs open (ConfigParser checks).
        .setIdleTimeout((int) config.http().idleTimeout().toSeconds()).setIdleTimeoutUnit(TimeUnit.SECONDS)
        // HTTP/1.1 only, as with TLS (no ALPN): the JDK's HttpClient (17) asks for an h2c upgrade by default, and
        // about one such first request in 13 then hung forever, its own timeout never firing (H2cUpgradeTest).
        .setHttp2ClearTextEnabled(false);
    if (config.tls()) {
      ServerTls.apply(options, cas, names, clock);
    }
    return options;
  }

  /** Creates the server in front of {@code router} and listens; blocking (seconds at most). */
  HttpServer listen(Vertx vertx, HttpServerOptions options, Router router, Counters counters) {
    RequestHeadTimeouts heads = new RequestHeadTimeouts(vertx, config.http().headerTimeout(),
        config.http().idleTimeout(), counters);
    router.route().order(-1).handler(heads::watchResponse);
    HttpServer server = vertx.createHttpServer(options).connectionHandler(heads::connected).requestHandler(req -> {
      heads.headArrived(req);
      router.handle(req);
    });
    await(server.listen());
    return server;
  }

  /**
   * New handshakes use the new server certificate and trust; open connections stay as they are. Waited for (this
   * runs on a worker thread), so that the answer to a retire comes after it took effect. Nothing without TLS.
   */
  void caChanged(HttpServer server, CaSet cas) {
    if (!config.tls()) {
      return;
    }
    try {
      server.updateSSLOptions(ServerTls.sslOptions(cas, names, clock), true).toCompletionStage()
          .toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      LOG.warn("cannot update the server's TLS after a CA change: {}", e.toString());
    }
  }

  /** Waits up to 30 s for {@code future}; its failure rethrown unchecked. */
  static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      throw cause instanceof RuntimeException r ? r : new IllegalStateException(cause.getMessage(), cause);
    } catch (TimeoutException e) {
      throw new IllegalStateException("timed out", e);
    }
  }
}
