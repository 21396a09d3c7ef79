package dev.weft.agent.control;

import dev.weft.agent.identity.ChannelSecurity;
import dev.weft.common.sync.TableBook;
import dev.weft.common.sync.TableSync;
import dev.weft.common.wire.ToAgent;
import dev.weft.common.wire.ToCoordinator;
import dev.weft.common.wire.WireCodec;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's side of the agent channel ({@code ws(s)://COORDINATOR/v1/agent}, coordinator/PROTOCOL.md): registers,
 * heartbeats ({@link Session}), keeps the {@link TableBook} current from snapshots and deltas ({@link TableSync}),
 * answers block requests ({@link PendingRequests}), and reconnects ({@link ReconnectBackoff}), failing over between
 * coordinator URLs in order. Losing the connection changes nothing on the host: the tables stay as they are until a
 * new session corrects them.
 *
 * <p>All state lives on one Vert.x context; public methods may be called from any thread. Nothing here blocks.
 */
public final class ControlClient implements CoordinatorLink {
  private static final Logger LOG = LoggerFactory.getLogger(ControlClient.class);

  private enum State { IDLE, CONNECTING, REGISTERING, WELCOMED, STOPPED }

  private final Vertx vertx;
  private final Context context;
  private final List<URI> coordinators;
  private final TableSync sync;
  private final LocalView local;
  private final ControlListener listener;
  private final ControlTiming timing;
  private final ReconnectBackoff backoff;
  private final Function<String, ToAgent> decoder;
  private final WireCodec codec = new WireCodec();
  private final Connector connector;
  private final PendingRequests requests;
  /** The host certificate's renewal over this session (issue 12). */
  private final CertificateRenewal renewal;
  private final Inbox inbox;

  // Touched on the context only.
  private State state = State.IDLE;
  private Session session;
  private int index;
  private int failures;
  private final List<ToCoordinator> queued = new ArrayList<>();
  private volatile boolean connected;

  /** Plain HTTP with the join token as a bearer token ({@code --tls=false}). */
  public ControlClient(Vertx vertx, List<URI> coordinators, String token, TableBook book, LocalView local,
                       ControlListener listener, ControlTiming timing) {
    this(vertx, coordinators, ChannelSecurity.bearer(token), book, local, listener, timing);
  }

  /** @param security how the coordinator and this host prove who they are (issue 6: mutual TLS) */
  public ControlClient(Vertx vertx, List<URI> coordinators, ChannelSecurity security, TableBook book,
                       LocalView local, ControlListener listener, ControlTiming timing) {
    this(vertx, coordinators, security, book, local, listener, timing,
        new ReconnectBackoff(timing.backoffMin(), timing.backoffMax(), RandomGenerator.getDefault()),
        new WireCodec()::decodeToAgent);
  }

  /**
   * @param backoff when to reconnect after a failure
   * @param decoder turns a text frame into a message; throws {@link IllegalArgumentException} for a bad one (the
   *                scale simulator shares decoded tables between its agents)
   */
  public ControlClient(Vertx vertx, List<URI> coordinators, ChannelSecurity security, TableBook book,
                       LocalView local, ControlListener listener, ControlTiming timing, ReconnectBackoff backoff,
                       Function<String, ToAgent> decoder) {
    if (coordinators.isEmpty()) {
      throw new IllegalArgumentException("coordinators: [] (expected: at least one URL)");
    }
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.coordinators = List.copyOf(coordinators);
    this.sync = new TableSync(book);
    this.local = local;
    this.listener = listener;
    this.timing = timing;
    this.backoff = backoff;
    this.decoder = decoder;
    this.connector = new Connector(vertx, security);
    String prefix = Long.toString(RandomGenerator.getDefault().nextLong() & 0xffffffL, 36) + "-";
    this.requests = new PendingRequests(vertx, timing.requestTimeout(), prefix);
    this.renewal = new CertificateRenewal(vertx, security, connector.client(), timing.requestTimeout(),
        requests::nextId, this::write, () -> state == State.WELCOMED, Clock.systemUTC());
    this.inbox = new Inbox(sync, listener, requests, renewal, this::write);
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
      requests.failAll(new IllegalStateException("agent stopping"));
      WebSocket socket = session == null ? null : session.close();
      session = null;
      connector.close(socket).onComplete(x -> done.complete(null));
    });
    return Future.fromCompletionStage(done);
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
      String id = requests.nextId();
      requests.await(id, network).whenComplete((g, e) -> {
        if (e != null) {
          future.completeExceptionally(e);
        } else {
          future.complete(g);
        }
      });
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
    LOG.debug("connecting to {}", uri);
    connector.connect(uri).onComplete(ar -> {
      if (state == State.STOPPED) {
        if (ar.succeeded()) {
          ar.result().close();
        }
        return;
      }
      if (ar.failed()) {
        String why = connector.explain(ar.cause());
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
    state = State.REGISTERING;
    session = new Session(vertx, uri, socket, timing, decoder, codec, new Session.Events() {
      @Override
      public void message(Session from, ToAgent message) {
        if (from == session) {
          receive(from, message);
        }
      }

      @Override
      public void ended(Session from, String reason) {
        if (from == session) {
          closed(from.uri(), reason);
        }
      }
    });
    session.register(new ToCoordinator.Register(local.hostReport(), local.endpoints(), sync.sessionStarted()));
  }

  private void closed(URI uri, String reason) {
    boolean wasWelcomed = state == State.WELCOMED;
    session = null;
    connected = false;
    requests.failAll(new IllegalStateException("connection to " + uri + " closed"));
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

  /** Next URL in order, after the backoff's delay. */
  private void reconnectLater() {
    state = State.IDLE;
    failures++;
    index = (index + 1) % coordinators.size();
    vertx.setTimer(backoff.next(failures, coordinators.size()).toMillis(), t -> {
      if (state == State.IDLE) {
        connect();
      }
    });
  }

  // ---- messages (context only) ----

  private void receive(Session from, ToAgent message) {
    if (message instanceof ToAgent.Welcome w) {
      welcomed(from, w);
    } else {
      inbox.receive(from.uri(), message);
    }
  }

  private void welcomed(Session from, ToAgent.Welcome welcome) {
    if (state != State.REGISTERING) {
      return;
    }
    state = State.WELCOMED;
    failures = 0;
    connected = true;
    URI uri = from.uri();
    int heartbeatSeconds = Math.max(1, welcome.heartbeatSeconds());
    from.welcomed(heartbeatSeconds, () -> renewal.maybeRenew(uri));
    LOG.info("registered with coordinator {} as host {} (heartbeat {} s)", uri, welcome.hostId(), heartbeatSeconds);
    for (ToCoordinator m : queued) {
      write(m);
    }
    queued.clear();
    listener.onWelcomed(uri, welcome);
    renewal.maybeRenew(uri);
  }

  private void write(ToCoordinator message) {
    Session current = session;
    if (current != null) {
      current.write(message);
    }
  }
}
