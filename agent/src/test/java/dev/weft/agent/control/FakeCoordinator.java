package dev.weft.agent.control;

import dev.weft.common.wire.ToAgent;
import dev.weft.common.wire.ToCoordinator;
import dev.weft.common.wire.WireCodec;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.ServerWebSocket;
import java.net.URI;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A coordinator's agent channel for tests: accepts {@code /v1/agent} with the right bearer token, records what the
 * agent sends, and sends what the test says. Heartbeats are counted, not queued.
 */
public final class FakeCoordinator {
  private final Vertx vertx;
  private final String token;
  private final WireCodec codec = new WireCodec();
  public final BlockingQueue<ToCoordinator> received = new LinkedBlockingQueue<>();
  public final AtomicInteger heartbeats = new AtomicInteger();
  public final AtomicInteger connections = new AtomicInteger();
  public final AtomicInteger rejected = new AtomicInteger();
  private volatile ServerWebSocket current;
  private HttpServer server;

  public FakeCoordinator(Vertx vertx, String token) {
    this.vertx = vertx;
    this.token = token;
  }

  public FakeCoordinator start() throws Exception {
    server = vertx.createHttpServer()
        .webSocketHandshakeHandler(h -> {
          if (h.path().equals("/v1/agent") && ("Bearer " + token).equals(h.headers().get("Authorization"))) {
            h.accept();
          } else {
            rejected.incrementAndGet();
            h.reject(401);
          }
        })
        .webSocketHandler(ws -> {
          connections.incrementAndGet();
          current = ws;
          ws.textMessageHandler(text -> {
            ToCoordinator m = codec.decodeToCoordinator(text);
            if (m instanceof ToCoordinator.Heartbeat) {
              heartbeats.incrementAndGet();
            } else {
              received.add(m);
            }
          });
        });
    server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    return this;
  }

  public URI uri() {
    return URI.create("http://127.0.0.1:" + server.actualPort());
  }

  public void send(ToAgent message) {
    ServerWebSocket ws = current;
    vertx.runOnContext(v -> ws.writeTextMessage(codec.encode(message)));
  }

  public <T extends ToCoordinator> T next(Class<T> type) throws InterruptedException {
    ToCoordinator m = received.poll(10, TimeUnit.SECONDS);
    if (m == null) {
      throw new AssertionError("no " + type.getSimpleName() + " within 10 s");
    }
    if (!type.isInstance(m)) {
      throw new AssertionError("expected " + type.getSimpleName() + " but got " + m);
    }
    return type.cast(m);
  }

  /** Closes the current connection but keeps listening, as a coordinator restarting quickly would. */
  public void closeCurrent() {
    ServerWebSocket ws = current;
    vertx.runOnContext(v -> ws.close());
  }

  /** Stops listening and drops the connection, as a killed coordinator would. */
  public void kill() throws Exception {
    ServerWebSocket ws = current;
    server.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    if (ws != null) {
      vertx.runOnContext(v -> ws.close());
    }
  }
}
