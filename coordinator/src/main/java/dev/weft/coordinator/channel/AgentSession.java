package dev.weft.coordinator.channel;

import dev.weft.coordinator.error.Failure;
import dev.weft.common.wire.ToAgent;
import dev.weft.common.wire.ToCoordinator;
import dev.weft.common.wire.WireCodec;
import dev.weft.coordinator.distribution.AgentLink;
import dev.weft.coordinator.distribution.Outgoing;
import dev.weft.coordinator.distribution.TableDistributor;
import dev.weft.coordinator.metrics.Counters;
import dev.weft.coordinator.service.BlockService;
import dev.weft.coordinator.service.EndpointService;
import dev.weft.coordinator.host.HostLiveness;
import dev.weft.coordinator.host.HostService;
import dev.weft.coordinator.store.BlockGrantOutcome;
import io.vertx.core.Future;
import io.netty.buffer.Unpooled;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketFrameType;
import io.vertx.core.http.impl.ws.WebSocketFrameImpl;
import io.vertx.core.http.ServerWebSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One agent connection. Messages are handled one after another in arrival order (each waits for the previous
 * one's store work), off the event loop. Errors of a request go back as {@link ToAgent.Error}; the connection stays
 * open except when the first message is not a valid registration.
 */
final class AgentSession implements AgentLink {
  private static final Logger LOG = LoggerFactory.getLogger(AgentSession.class);
  /**
   * How far an agent may fall behind, in bytes sent and not yet written to its socket, before it counts as too slow.
   * {@code writeQueueFull()} was the test before: in Vert.x 5 it turns true after a handful of messages queued from
   * another thread (the distribution thread writes to every socket) or 64 KiB, less than one snapshot of a network
   * with a few thousand endpoints; with 1,000 agents it cut off 4,256 healthy connections during setup, each of which
   * then came back and asked for everything again (issue 8).
   */
  static final long WRITE_QUEUE_MAX_BYTES = 16L << 20;

  private final Vertx vertx;
  private final ServerWebSocket socket;
  private final WireCodec codec;
  private final Counters counters;
  private final TableDistributor distributor;
  private final HostService hosts;
  private final EndpointService endpoints;
  private final BlockService blocks;
  private final HostLiveness liveness;
  private volatile String hostId;
  /** The host the client certificate names (issue 6), or null without TLS: a registration must name that host. */
  private String certifiedHost;
  /** The serial of the certificate this session opened with or renewed to last (issue 12), or null without TLS. */
  private String certifiedSerial;
  private dev.weft.coordinator.pki.HostCredentials credentials;
  /** The fingerprint of the CA that signed this session's certificate (a CA rotation, issue 12), or null. */
  private volatile String certifiedCa;
  private Runnable whenClosed = () -> { };
  /** Characters (bytes: the JSON is ASCII but for names) handed to the socket and not yet written. */
  private final java.util.concurrent.atomic.AtomicLong pending = new java.util.concurrent.atomic.AtomicLong();
  private volatile boolean tooSlow;
  /** A register message arrived (its store work may still run): the register timeout no longer applies. */
  private volatile boolean registerSeen;
  private long registerTimer = -1;
  private Future<?> tail = Future.succeededFuture();

  AgentSession(Vertx vertx, ServerWebSocket socket, WireCodec codec, Counters counters, TableDistributor distributor,
               HostService hosts, EndpointService endpoints, BlockService blocks, HostLiveness liveness) {
    this.vertx = vertx;
    this.socket = socket;
    this.codec = codec;
    this.counters = counters;
    this.distributor = distributor;
    this.hosts = hosts;
    this.endpoints = endpoints;
    this.blocks = blocks;
    this.liveness = liveness;
  }

  /** Binds the session to the host of the client certificate that opened it, which {@code renew} replaces. */
  AgentSession certifiedAs(dev.weft.coordinator.pki.HostCredentials.Admitted admitted,
                           dev.weft.coordinator.pki.HostCredentials hostCredentials) {
    this.certifiedHost = admitted.hostId();
    this.certifiedSerial = admitted.serial();
    this.certifiedCa = admitted.ca();
    this.credentials = hostCredentials;
    return this;
  }

  /** Runs {@code action} once the socket closed (the channel forgets the session). */
  AgentSession whenClosed(Runnable action) {
    this.whenClosed = action;
    return this;
  }

  /**
   * The cluster's CAs changed (a CA rotation, issue 12): a registered session whose certificate is of a CA that was
   * retired is told so and closed; one whose certificate is not of the CA that signs now is told to renew at once.
   */
  void caChanged(dev.weft.coordinator.pki.CaSet cas) {
    String ca = certifiedCa;
    if (ca == null || hostId == null || socket.isClosed()) {
      return;
    }
    if (!cas.trusts(ca)) {
      reply(new ToAgent.Error(null, "unauthorized", "the cluster CA sha256 " + ca + " that signed this host's "
          + "certificate was retired (POST /v1/ca/retire): the host must join again with the current join token"));
      socket.close((short) 1008, "CA retired");
    } else if (cas.renewNowFor(ca) != null) {
      reply(cas.renewNowFor(ca));
    }
  }

  /**
   * Starts reading; a socket that has not sent {@code register} within {@code registerTimeout} is closed (issue 12),
   * so that connections that never register cannot hold the coordinator's sockets.
   */
  void start(java.time.Duration registerTimeout) {
    registerTimer = vertx.setTimer(Math.max(1, registerTimeout.toMillis()), id -> {
      if (!registerSeen && !socket.isClosed()) {
        LOG.info("agent connection from {} sent no register within {} s; closing it", socket.remoteAddress(),
            registerTimeout.toSeconds());
        counters.registerTimedOut();
        socket.close((short) 1008, "register within " + registerTimeout.toSeconds() + " s");
      }
    });
    start();
  }

  private void start() {
    socket.textMessageHandler(text -> tail = tail.transform(ignored -> handle(text)));
    socket.binaryMessageHandler(binary -> reply(new ToAgent.Error(null, "bad-request", "text frames only")));
    socket.exceptionHandler(e -> LOG.debug("agent connection of {} failed: {}", hostId, e.toString()));
    socket.closeHandler(v -> {
      if (registerTimer >= 0) {
        vertx.cancelTimer(registerTimer);
      }
      whenClosed.run();
      LOG.info("agent {} disconnected", hostId == null ? socket.remoteAddress() : hostId);
      if (hostId != null) {
        // Not down yet: the heartbeat timeout decides, so that an agent restart does not flap every table.
        distributor.detach(this);
      }
    });
  }

  @Override
  public String hostId() {
    return hostId;
  }

  @Override
  public void send(String text) {
    write(text.length(), () -> socket.writeTextMessage(text));
  }

  /**
   * The shared bytes, wrapped and not copied: one snapshot sent to thousands of agents stays one array in the heap
   * however far behind their sockets are.
   */
  @Override
  public void send(Outgoing message) {
    write(message.utf8().length, () -> socket.writeFrame(new WebSocketFrameImpl(WebSocketFrameType.TEXT,
        Unpooled.wrappedBuffer(message.utf8()), true)));
  }

  private void write(int size, java.util.function.Supplier<Future<Void>> write) {
    if (socket.isClosed()) {
      return;
    }
    if (pending.addAndGet(size) > WRITE_QUEUE_MAX_BYTES) {
      pending.addAndGet(-size);
      // A reader this slow would miss deltas; closing makes it reconnect and resume from snapshots.
      if (!tooSlow) {
        tooSlow = true;
        LOG.warn("agent {} does not keep up ({} bytes not yet written); closing its connection", hostId,
            pending.get());
        socket.close((short) 1008, "too slow");
      }
      return;
    }
    write.get().onComplete(done -> pending.addAndGet(-size));
  }

  @Override
  public void close() {
    if (!socket.isClosed()) {
      socket.close((short) 1000, "replaced by a newer connection");
    }
  }

  private Future<?> handle(String text) {
    ToCoordinator message;
    try {
      message = codec.decodeToCoordinator(text);
    } catch (IllegalArgumentException e) {
      reply(new ToAgent.Error(null, "bad-request", e.getMessage()));
      if (hostId == null) {
        socket.close((short) 1008, "register first");
      }
      return Future.succeededFuture();
    }
    if (hostId == null) {
      if (message instanceof ToCoordinator.Register register) {
        registerSeen = true;
        return register(register);
      }
      reply(new ToAgent.Error(null, "bad-request", "the first message must be register"));
      socket.close((short) 1008, "register first");
      return Future.succeededFuture();
    }
    String host = hostId;
    Future<?> alive = liveness.heard(host)
        ? blocking(() -> {
          hosts.markUp(host);
          liveness.heard(host);
          return null;
        })
        : Future.succeededFuture();
    return alive.compose(v -> dispatch(host, message)).recover(e -> {
      reply(error(null, e));
      return Future.succeededFuture();
    });
  }

  private Future<?> register(ToCoordinator.Register register) {
    if (!register.digests().isEmpty()) {
      counters.agentFailover();
    }
    if (certifiedHost != null && (register.host() == null || !certifiedHost.equals(register.host().hostId()))) {
      reply(new ToAgent.Error(null, "bad-request", "register: hostId " + (register.host() == null ? null
          : register.host().hostId()) + " (expected: " + certifiedHost + ", the host of this client certificate)"));
      socket.close((short) 1008, "registration refused");
      return Future.succeededFuture();
    }
    return blocking(() -> hosts.register(register.host(), register.endpoints())).onSuccess(refused -> {
      hostId = register.host().hostId();
      liveness.heard(hostId);
      LOG.info("agent {} registered from {} ({} endpoints, {} refused)", hostId, socket.remoteAddress(),
          register.endpoints().size(), refused.size());
      List<ToAgent> after = new ArrayList<>();
      refused.forEach(message -> after.add(new ToAgent.Error(null, "bad-request", "endpoint refused: " + message)));
      ToAgent.RenewNow renewNow = certifiedCa == null || credentials == null ? null
          : credentials.cas().renewNowFor(certifiedCa);
      if (renewNow != null) {
        // a CA rotation is under way and this certificate is of the old CA (issue 12)
        after.add(renewNow);
      }
      distributor.attach(this, register.digests(), after);
    }).onFailure(e -> {
      reply(error(null, e));
      socket.close((short) 1008, "registration refused");
    }).recover(e -> Future.succeededFuture());
  }

  private Future<?> dispatch(String host, ToCoordinator message) {
    if (message instanceof ToCoordinator.Register) {
      reply(new ToAgent.Error(null, "bad-request", "already registered as " + host));
      return Future.succeededFuture();
    }
    if (message instanceof ToCoordinator.Heartbeat) {
      return Future.succeededFuture();
    }
    if (message instanceof ToCoordinator.HostUpdate update) {
      if (update.host() == null || !host.equals(update.host().hostId())) {
        reply(new ToAgent.Error(null, "bad-request", "host-update must keep hostId " + host));
        return Future.succeededFuture();
      }
      return blocking(() -> {
        hosts.update(update.host());
        return null;
      });
    }
    if (message instanceof ToCoordinator.EndpointAdd add) {
      return blocking(() -> endpoints.add(host, add.endpoint()));
    }
    if (message instanceof ToCoordinator.EndpointRemove remove) {
      return blocking(() -> {
        endpoints.remove(host, remove.network(), remove.ip());
        return null;
      });
    }
    if (message instanceof ToCoordinator.BlockRequest request) {
      return blocking(() -> blocks.request(host, request.network(), request.full()))
          .onSuccess((BlockGrantOutcome grant) -> reply(new ToAgent.BlockGrant(request.requestId(),
              request.network(), grant.block(), grant.owned())))
          .recover(e -> {
            reply(error(request.requestId(), e));
            return Future.succeededFuture();
          });
    }
    if (message instanceof ToCoordinator.SnapshotRequest request) {
      distributor.sendSnapshot(this, request.network());
      return Future.succeededFuture();
    }
    if (message instanceof ToCoordinator.Renew renew) {
      return renew(host, renew);
    }
    reply(new ToAgent.Error(null, "bad-request", "unsupported message " + message.getClass().getSimpleName()));
    return Future.succeededFuture();
  }

  /** A new host certificate over this session (issue 12); the session stays, bound to the new serial. */
  private Future<?> renew(String host, ToCoordinator.Renew renew) {
    if (credentials == null) {
      reply(new ToAgent.Error(renew.requestId(), "bad-request", "renew: this coordinator runs without TLS "
          + "(--tls=false) and issues no host certificates"));
      return Future.succeededFuture();
    }
    String serial = certifiedSerial;
    return blocking(() -> credentials.renew(host, serial, renew.publicKey())).onSuccess(issued -> {
      certifiedSerial = issued.serial();
      certifiedCa = credentials.cas().trustedSignerOf(issued.certificate());
      LOG.info("host {} renewed its certificate (serial {})", host, issued.serial());
      reply(new ToAgent.Renewed(renew.requestId(), issued.certificate(), issued.ca()));
    }).recover(e -> {
      reply(error(renew.requestId(), e));
      return Future.succeededFuture();
    });
  }

  /** The channel's form of a failure ({@link Failure}'s classification, as HTTP's); internals are not shown. */
  private ToAgent.Error error(String requestId, Throwable e) {
    Failure failure = Failure.of(e);
    String code = switch (failure.kind()) {
      case BAD_REQUEST, ARGUMENT -> "bad-request";
      case NOT_FOUND -> "unknown-network";
      case EXHAUSTED -> "pool-exhausted";
      case CONFLICT -> "conflict";
      case UNAUTHORIZED -> "unauthorized";
      case NO_QUORUM -> "unavailable";
      case UNAVAILABLE, INTERNAL -> null;
    };
    if (code == null) {
      LOG.warn("agent request of {} failed", hostId, e);
      return new ToAgent.Error(requestId, "unavailable", "the coordinator could not complete the request; retry");
    }
    return new ToAgent.Error(requestId, code, e.getMessage());
  }

  private void reply(ToAgent message) {
    send(codec.encode(message));
    counters.messageSent();
  }

  private <T> Future<T> blocking(Callable<T> work) {
    return vertx.executeBlocking(work, false);
  }
}
