package dev.weft.coordinator.http;

import dev.weft.coordinator.metrics.Counters;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes HTTP connections that do not send a complete request head in time (issue 12: slowloris). A new connection
 * has {@code first} for its first request head; a kept-alive connection with no request under way has {@code next}
 * for its next one. Bytes trickling in do not extend either (they do extend Vert.x's idle timeout, which is why that
 * alone does not stop a slow client). A connection upgraded to a WebSocket is no longer watched: the agent channel's
 * register timeout and the idle timeout take over. All state of a connection lives on its event loop.
 */
public final class RequestHeadTimeouts {
  private static final Logger LOG = LoggerFactory.getLogger(RequestHeadTimeouts.class);

  private final Vertx vertx;
  private final Duration first;
  private final Duration next;
  private final Counters counters;
  private final Map<HttpConnection, Watch> watched = new ConcurrentHashMap<>();

  public RequestHeadTimeouts(Vertx vertx, Duration first, Duration next, Counters counters) {
    this.vertx = vertx;
    this.first = first;
    this.next = next;
    this.counters = counters;
  }

  /** For {@code HttpServer.connectionHandler}: a connection was accepted (after its TLS handshake). */
  public void connected(HttpConnection connection) {
    Watch watch = new Watch(connection);
    watched.put(connection, watch);
    connection.closeHandler(v -> {
      Watch gone = watched.remove(connection);
      if (gone != null) {
        gone.cancel();
      }
    });
    watch.await(first);
  }

  /** Call for every request before routing it: its head is complete. */
  public void headArrived(HttpServerRequest request) {
    Watch watch = watched.get(request.connection());
    if (watch == null) {
      return;
    }
    watch.inFlight++;
    watch.cancel();
    if ("websocket".equalsIgnoreCase(request.getHeader("Upgrade"))) {
      watch.upgrading = true;
    }
  }

  /** A route handler placed before every other: when the response ends, the wait for the next head begins. */
  public void watchResponse(RoutingContext ctx) {
    HttpConnection connection = ctx.request().connection();
    ctx.addEndHandler(done -> {
      Watch watch = watched.get(connection);
      if (watch == null) {
        return;
      }
      watch.inFlight = Math.max(0, watch.inFlight - 1);
      if (ctx.response().getStatusCode() == 101) {
        watched.remove(connection); // a WebSocket now
      } else if (watch.inFlight == 0) {
        watch.upgrading = false;
        watch.await(next);
      }
    });
    ctx.next();
  }

  /** Connections being watched (for tests). */
  public int watched() {
    return watched.size();
  }

  private final class Watch {
    private final HttpConnection connection;
    private long timer = -1;
    private int inFlight;
    private boolean upgrading;

    private Watch(HttpConnection connection) {
      this.connection = connection;
    }

    private void await(Duration bound) {
      cancel();
      timer = vertx.setTimer(Math.max(1, bound.toMillis()), id -> {
        timer = -1;
        if (inFlight == 0 && !upgrading && watched.containsKey(connection)) {
          LOG.debug("closing connection from {}: no request head within {} s", connection.remoteAddress(),
              bound.toSeconds());
          counters.headerTimedOut();
          watched.remove(connection);
          connection.close();
        }
      });
    }

    private void cancel() {
      if (timer >= 0) {
        vertx.cancelTimer(timer);
        timer = -1;
      }
    }
  }
}
