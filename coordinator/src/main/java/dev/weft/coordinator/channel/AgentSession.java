package dev.weft.coordinator.channel;

import dev.weft.common.wire.ToAgent;
import dev.weft.common.wire.ToCoordinator;
import dev.weft.common.wire.WireCodec;
import dev.weft.coordinator.distribution.AgentLink;
import dev.weft.coordinator.distribution.Outgoing;
import dev.weft.coordinator.distribution.TableDistributor;
import dev.weft.coordinator.metrics.Counters;
import dev.weft.coordinator.pki.CaSet;
import dev.weft.coordinator.pki.HostCredentials;
import dev.weft.coordinator.block.BlockService;
import dev.weft.coordinator.endpoint.EndpointService;
import dev.weft.coordinator.host.HostLiveness;
import dev.weft.coordinator.host.HostService;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One agent connection: its lifecycle and registration. Messages are handled one after another in arrival order
 * (each waits for the previous one's store work), off the event loop; {@link Requests} handles those after
 * registration and {@link FrameWriter} writes. Errors of a request go back as {@link ToAgent.Error}; the connection
 * stays open except when the first message is not a valid registration.
 */
final class AgentSession implements AgentLink {
  private static final Logger LOG = LoggerFactory.getLogger(AgentSession.class);

  private final Vertx vertx;
  private final ServerWebSocket socket;
  private final WireCodec codec;
  private final Counters counters;
  private final TableDistributor distributor;
  private final HostService hosts;
  private final EndpointService endpoints;
  private final BlockService blocks;
  private final HostLiveness liveness;
  private final FrameWriter writer;
  private Certification certification = Certification.none();
  private Requests requests;
  private volatile String hostId;
  private Runnable whenClosed = () -> { };
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
    this.writer = new FrameWriter(socket, () -> hostId);
  }

  /** Binds the session to the host of the client certificate that opened it, which {@code renew} replaces. */
  AgentSession certifiedAs(HostCredentials.Admitted admitted, HostCredentials hostCredentials) {
    this.certification = Certification.of(admitted, hostCredentials);
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
  void caChanged(CaSet cas) {
    String ca = certification.ca();
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
  void start(Duration registerTimeout) {
    requests = new Requests(vertx, this, distributor, hosts, endpoints, blocks, certification, this::reply);
    registerTimer = vertx.setTimer(Math.max(1, registerTimeout.toMillis()), id -> {
      if (!registerSeen && !socket.isClosed()) {
        LOG.info("agent connection from {} sent no register within {} s; closing it", socket.remoteAddress(),
            registerTimeout.toSeconds());
        counters.registerTimedOut();
        socket.close((short) 1008, "register within " + registerTimeout.toSeconds() + " s");
      }
    });
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
    writer.send(text);
  }

  @Override
  public void send(Outgoing message) {
    writer.send(message);
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
    return alive.compose(v -> requests.dispatch(host, message)).recover(e -> {
      reply(ChannelErrors.of(null, e, hostId));
      return Future.succeededFuture();
    });
  }

  private Future<?> register(ToCoordinator.Register register) {
    if (!register.digests().isEmpty()) {
      counters.agentFailover();
    }
    String certified = certification.host();
    if (certified != null && (register.host() == null || !certified.equals(register.host().hostId()))) {
      reply(new ToAgent.Error(null, "bad-request", "register: hostId " + (register.host() == null ? null
          : register.host().hostId()) + " (expected: " + certified + ", the host of this client certificate)"));
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
      ToAgent.RenewNow renewNow = certification.renewNow();
      if (renewNow != null) {
        // a CA rotation is under way and this certificate is of the old CA (issue 12)
        after.add(renewNow);
      }
      distributor.attach(this, register.digests(), after);
    }).onFailure(e -> {
      reply(ChannelErrors.of(null, e, hostId));
      socket.close((short) 1008, "registration refused");
    }).recover(e -> Future.succeededFuture());
  }

  private void reply(ToAgent message) {
    send(codec.encode(message));
    counters.messageSent();
  }

  private <T> Future<T> blocking(Callable<T> work) {
    return vertx.executeBlocking(work, false);
  }
}
