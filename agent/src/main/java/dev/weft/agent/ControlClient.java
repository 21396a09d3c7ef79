package dev.weft.agent;

import dev.weft.common.model.Endpoint;
import dev.weft.common.model.HostReport;
import dev.weft.common.model.Network;
import dev.weft.common.wire.ToAgent;
import dev.weft.common.wire.ToCoordinator;
import dev.weft.common.wire.WireCodec;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's side of the agent channel ({@code ws(s)://COORDINATOR/v1/agent}, docs/TEAM-CONTRACTS.md): registers,
 * heartbeats, keeps the {@link TableBook} current from snapshots and deltas (asking for a snapshot on a gap), answers
 * block requests, and reconnects with backoff, failing over between coordinator URLs in order. Losing the connection
 * changes nothing on the host: the tables stay as they are until a new session corrects them.
 *
 * <p>All state lives on one Vert.x context; public methods may be called from any thread. Nothing here blocks.
 */
public final class ControlClient implements CoordinatorLink {
  private static final Logger LOG = LoggerFactory.getLogger(ControlClient.class);

  /** Callbacks, on the event loop: implementations must hand work to their own thread and return at once. */
  public interface Listener {
    /** A session began (welcome received). */
    default void onConnected(URI coordinator) { }

    default void onDisconnected() { }

    /** The full network catalog. */
    void onCatalog(List<Network> networks);

    /** The table of {@code network} in the {@link TableBook} changed. */
    void onTableChanged(String network);

    /** Every Swarm service rule (issue 5), the full list; replaces the previous one. */
    default void onServices(List<dev.weft.common.model.ServiceRule> rules) { }

    /** This host's WireGuard key table (issue 6), the whole of it; replaces the previous one. */
    default void onKeys(ToAgent.Keys keys) { }
  }

  /** What the agent reports at registration; must not block (return cached values). */
  public interface LocalView {
    HostReport hostReport();

    List<Endpoint> endpoints();
  }

  /** Timing knobs; tests shorten them. */
  public record Timing(Duration backoffMin, Duration backoffMax, Duration requestTimeout) {
    public static final Timing DEFAULT = new Timing(Duration.ofMillis(500), Duration.ofSeconds(15),
        Duration.ofSeconds(10));
  }

  private enum State { IDLE, CONNECTING, REGISTERING, WELCOMED, STOPPED }

  private record Pending(CompletableFuture<ToAgent.BlockGrant> future, long timer) {
  }

  /** The longest each step of {@link #stop()} waits (the WebSocket's close, then the client's). */
  private static final java.time.Duration STOP_STEP = java.time.Duration.ofSeconds(3);
  private final Vertx vertx;
  private final Context context;
  private final List<URI> coordinators;
  private final dev.weft.agent.identity.ChannelSecurity security;
  private final TableBook book;
  private final LocalView local;
  private final Listener listener;
  private final Timing timing;
  private final WireCodec codec = new WireCodec();
  private final WebSocketClient client;
  private final AtomicLong requestIds = new AtomicLong();
  private final String requestPrefix = Long.toString(ThreadLocalRandom.current().nextLong() & 0xffffffL, 36) + "-";

  // Touched on the context only.
  private State state = State.IDLE;
  private WebSocket ws;
  private int index;
  private int failures;
  private long heartbeatTimer = -1;
  private long welcomeTimer = -1;
  private long lastHeard;
  private int heartbeatSeconds;
  private final List<ToCoordinator> queued = new ArrayList<>();
  private final Map<String, Pending> pending = new HashMap<>();
  private volatile boolean connected;
  /** The host certificate's renewal over this session (issue 12). */
  private final CertificateRenewal renewal;

  /** Plain HTTP with the join token as a bearer token ({@code --tls=false}). */
  public ControlClient(Vertx vertx, List<URI> coordinators, String token, TableBook book, LocalView local,
                       Listener listener, Timing timing) {
    this(vertx, coordinators, dev.weft.agent.identity.ChannelSecurity.bearer(token), book, local, listener, timing);
  }

  /** @param security how the coordinator and this host prove who they are (issue 6: mutual TLS) */
  public ControlClient(Vertx vertx, List<URI> coordinators, dev.weft.agent.identity.ChannelSecurity security,
                       TableBook book, LocalView local, Listener listener, Timing timing) {
    if (coordinators.isEmpty()) {
      throw new IllegalArgumentException("coordinators: [] (expected: at least one URL)");
    }
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.coordinators = List.copyOf(coordinators);
    this.security = security;
    this.book = book;
    this.local = local;
    this.listener = listener;
    this.timing = timing;
    WebSocketClientOptions options = new WebSocketClientOptions()
        .setConnectTimeout(5000)
        .setMaxFrameSize(1 << 20)
        .setMaxMessageSize(64 << 20);
    security.configure(options);
    this.client = vertx.createWebSocketClient(options);
    this.renewal = new CertificateRenewal(vertx, security, client, timing.requestTimeout(),
        () -> requestPrefix + requestIds.incrementAndGet(), this::write, () -> state == State.WELCOMED);
  }

  /** Starts connecting to the first coordinator. */
  public void start() {
    context.runOnContext(v -> {
      if (state == State.IDLE) {
        connect();
      }
    });
  }

  /** Closes the connection and stops reconnecting; pending requests fail. */
  public Future<Void> stop() {
    CompletableFuture<Void> done = new CompletableFuture<>();
    context.runOnContext(v -> {
      state = State.STOPPED;
      connected = false;
      cancelTimers();
      failPending(new IllegalStateException("agent stopping"));
      WebSocket s = ws;
      ws = null;
      Future<Void> closing = s == null ? Future.succeededFuture() : s.close().recover(e -> Future.succeededFuture());
      // Each step bounded: a close handshake the coordinator never answers (seen once in RenewalTest, the socket
      // half-open after the coordinator stopped) must not hold the agent's stop for ever.
      bounded(closing).compose(x -> bounded(client.close())).onComplete(x -> done.complete(null));
    });
    return Future.fromCompletionStage(done);
  }

  /** {@code step}, or success after {@link #STOP_STEP} when it has not completed by then. */
  private Future<Void> bounded(Future<Void> step) {
    io.vertx.core.Promise<Void> result = io.vertx.core.Promise.promise();
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

  @Override
  public boolean connected() {
    return connected;
  }

  @Override
  public void send(ToCoordinator message) {
    context.runOnContext(v -> {
      if (state == State.WELCOMED) {
        write(message);
      } else if (state == State.REGISTERING) {
        // sent after the register was built: the welcome flushes it
        queued.add(message);
      }
    });
  }

  @Override
  public CompletableFuture<ToAgent.BlockGrant> requestBlock(String network, List<String> full) {
    CompletableFuture<ToAgent.BlockGrant> future = new CompletableFuture<>();
    context.runOnContext(v -> {
      if (state != State.WELCOMED) {
        future.completeExceptionally(new IllegalStateException("not connected to a coordinator"));
        return;
      }
      String id = requestPrefix + requestIds.incrementAndGet();
      long timer = vertx.setTimer(timing.requestTimeout().toMillis(), t -> {
        Pending p = pending.remove(id);
        if (p != null) {
          p.future().completeExceptionally(new TimeoutException("block request " + id + " for network " + network
              + ": no answer in " + timing.requestTimeout().toSeconds() + " s"));
        }
      });
      pending.put(id, new Pending(future, timer));
      write(new ToCoordinator.BlockRequest(id, network, full));
    });
    return future;
  }

  // ---- connection lifecycle (context only) ----

  private void connect() {
    if (state == State.STOPPED) {
      return;
    }
    state = State.CONNECTING;
    URI uri = coordinators.get(index);
    boolean ssl = "https".equals(uri.getScheme());
    WebSocketConnectOptions options = new WebSocketConnectOptions()
        .setHost(uri.getHost())
        .setPort(uri.getPort())
        .setSsl(ssl)
        .setURI("/v1/agent");
    security.decorate(options);
    LOG.debug("connecting to {}", uri);
    client.connect(options).onComplete(ar -> {
      if (state == State.STOPPED) {
        if (ar.succeeded()) {
          ar.result().close();
        }
        return;
      }
      if (ar.failed()) {
        String explained = security.explain(ar.cause());
        String why = explained != null ? explained : ar.cause().getMessage();
        if (failures < 2 * coordinators.size() || failures % 20 == 0) {
          LOG.warn("coordinator {} unreachable: {}", uri, why);
        } else {
          LOG.debug("coordinator {} unreachable: {}", uri, why);
        }
        reconnectLater();
        return;
      }
      opened(uri, ar.result());
    });
  }

  private void opened(URI uri, WebSocket socket) {
    ws = socket;
    state = State.REGISTERING;
    lastHeard = System.nanoTime();
    book.onReconnect();
    socket.textMessageHandler(text -> {
      if (ws == socket) {
        lastHeard = System.nanoTime();
        onText(uri, text);
      }
    });
    socket.pongHandler(b -> {
      if (ws == socket) {
        lastHeard = System.nanoTime();
      }
    });
    socket.exceptionHandler(e -> LOG.debug("agent channel to {}: {}", uri, e.toString()));
    socket.closeHandler(v -> {
      if (ws == socket) {
        closed(uri, socket.closeReason());
      }
    });
    ToCoordinator.Register register = new ToCoordinator.Register(local.hostReport(), local.endpoints(),
        book.digests());
    socket.writeTextMessage(codec.encode(register));
    welcomeTimer = vertx.setTimer(timing.requestTimeout().toMillis(), t -> {
      welcomeTimer = -1;
      if (ws == socket && state == State.REGISTERING) {
        LOG.warn("coordinator {} sent no welcome in {} s; trying the next one", uri,
            timing.requestTimeout().toSeconds());
        socket.close();
        closed(uri, "no welcome");
      }
    });
  }

  private void closed(URI uri, String reason) {
    boolean wasWelcomed = state == State.WELCOMED;
    ws = null;
    connected = false;
    cancelTimers();
    failPending(new IllegalStateException("connection to " + uri + " closed"));
    queued.clear();
    renewal.sessionClosed();
    if (state == State.STOPPED) {
      return;
    }
    LOG.warn("connection to coordinator {} closed{}; the data plane stays as it is", uri,
        reason == null ? "" : " (" + reason + ")");
    if (wasWelcomed) {
      listener.onDisconnected();
    }
    reconnectLater();
  }

  /** Next URL in order; immediately on the first pass over the list, then with exponential backoff and jitter. */
  private void reconnectLater() {
    state = State.IDLE;
    failures++;
    index = (index + 1) % coordinators.size();
    int rounds = failures / coordinators.size();
    long delay;
    if (rounds == 0) {
      delay = 1;
    } else {
      long base = timing.backoffMin().toMillis() << Math.min(rounds - 1, 16);
      delay = Math.min(base, timing.backoffMax().toMillis());
      delay = Math.max(1, (long) (delay * (0.8 + 0.4 * ThreadLocalRandom.current().nextDouble())));
    }
    vertx.setTimer(delay, t -> {
      if (state == State.IDLE) {
        connect();
      }
    });
  }

  private void cancelTimers() {
    if (heartbeatTimer >= 0) {
      vertx.cancelTimer(heartbeatTimer);
      heartbeatTimer = -1;
    }
    if (welcomeTimer >= 0) {
      vertx.cancelTimer(welcomeTimer);
      welcomeTimer = -1;
    }
  }

  private void failPending(Throwable cause) {
    for (Pending p : pending.values()) {
      vertx.cancelTimer(p.timer());
      p.future().completeExceptionally(cause);
    }
    pending.clear();
  }

  // ---- messages (context only) ----

  private void onText(URI uri, String text) {
    ToAgent message;
    try {
      message = codec.decodeToAgent(text);
    } catch (IllegalArgumentException e) {
      LOG.warn("ignoring a message from {}: {}", uri, e.getMessage());
      return;
    }
    if (message instanceof ToAgent.Welcome w) {
      welcomed(uri, w);
    } else if (message instanceof ToAgent.Networks n) {
      Set<String> names = n.networks().stream().map(Network::name).collect(Collectors.toSet());
      book.retain(names);
      listener.onCatalog(n.networks());
    } else if (message instanceof ToAgent.Services s) {
      listener.onServices(s.rules());
    } else if (message instanceof ToAgent.Keys k) {
      listener.onKeys(k);
    } else if (message instanceof ToAgent.TableSnapshot s) {
      book.onSnapshot(s);
      listener.onTableChanged(s.network());
    } else if (message instanceof ToAgent.Resume r) {
      for (String network : book.onResume(r)) {
        LOG.info("table {}: changed since the coordinator found it current; asking for a snapshot", network);
        write(new ToCoordinator.SnapshotRequest(network));
      }
    } else if (message instanceof ToAgent.TableDelta d) {
      switch (book.onDelta(d)) {
        case APPLIED -> listener.onTableChanged(d.network());
        case GAP -> {
          LOG.info("table {}: delta {}#{} does not follow the held table; asking for a snapshot", d.network(),
              d.epoch(), d.version());
          write(new ToCoordinator.SnapshotRequest(d.network()));
        }
        case STALE, AWAITING_SNAPSHOT -> { }
      }
    } else if (message instanceof ToAgent.BlockGrant g) {
      Pending p = pending.remove(g.requestId());
      if (p != null) {
        vertx.cancelTimer(p.timer());
        p.future().complete(g);
      }
    } else if (message instanceof ToAgent.Renewed r) {
      renewal.renewed(r);
    } else if (message instanceof ToAgent.RenewNow r) {
      renewal.requested(uri, r);
    } else if (message instanceof ToAgent.Error e && !renewal.error(e)) {
      Pending p = e.requestId() == null ? null : pending.remove(e.requestId());
      if (p != null) {
        vertx.cancelTimer(p.timer());
        p.future().completeExceptionally(new CoordinatorException(e.code(), e.message()));
      } else {
        LOG.error("coordinator {} says: {}: {}", uri, e.code(), e.message());
      }
    }
  }

  private void welcomed(URI uri, ToAgent.Welcome welcome) {
    if (welcomeTimer >= 0) {
      vertx.cancelTimer(welcomeTimer);
      welcomeTimer = -1;
    }
    if (state != State.REGISTERING) {
      return;
    }
    state = State.WELCOMED;
    failures = 0;
    connected = true;
    heartbeatSeconds = Math.max(1, welcome.heartbeatSeconds());
    long every = Math.max(200, heartbeatSeconds * 1000L / 3);
    WebSocket socket = ws;
    heartbeatTimer = vertx.setPeriodic(every, t -> heartbeat(uri, socket));
    LOG.info("registered with coordinator {} as host {} (heartbeat {} s)", uri, welcome.hostId(), heartbeatSeconds);
    for (ToCoordinator m : queued) {
      write(m);
    }
    queued.clear();
    listener.onConnected(uri);
    renewal.maybeRenew(uri);
  }

  /** Heartbeat, ping, and a liveness check: a coordinator silent for three heartbeats is given up on. */
  private void heartbeat(URI uri, WebSocket socket) {
    if (ws != socket || state != State.WELCOMED) {
      return;
    }
    long silentMs = (System.nanoTime() - lastHeard) / 1_000_000;
    if (silentMs > heartbeatSeconds * 3000L) {
      LOG.warn("coordinator {} silent for {} ms; reconnecting", uri, silentMs);
      socket.close();
      closed(uri, "silent");
      return;
    }
    write(new ToCoordinator.Heartbeat());
    socket.writePing(Buffer.buffer("weft"));
    renewal.maybeRenew(uri);
  }

  private void write(ToCoordinator message) {
    WebSocket socket = ws;
    if (socket != null) {
      socket.writeTextMessage(codec.encode(message)).onFailure(e ->
          LOG.debug("write to coordinator failed: {}", e.toString()));
    }
  }
}
