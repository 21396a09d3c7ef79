package dev.weft.coordinator.channel;

import dev.weft.common.wire.WireCodec;
import dev.weft.coordinator.http.Bearer;
import dev.weft.coordinator.http.Refuser;
import dev.weft.coordinator.error.UnauthorizedException;
import dev.weft.coordinator.distribution.TableDistributor;
import dev.weft.coordinator.metrics.Counters;
import dev.weft.coordinator.block.BlockService;
import dev.weft.coordinator.endpoint.EndpointService;
import dev.weft.coordinator.host.HostLiveness;
import dev.weft.coordinator.host.HostService;
import dev.weft.common.error.ValidationException;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /v1/agent}: the agent channel (coordinator/PROTOCOL.md). Who may upgrade is checked first, so a refused
 * agent gets a plain 401 and never a socket: with TLS, the host's client certificate (its current one, not revoked;
 * issue 6); without TLS, the join token as a bearer token.
 */
public final class AgentChannel {
  public static final String PATH = "/v1/agent";

  private final Vertx vertx;
  private final java.util.function.Supplier<String> joinToken;
  private final WireCodec codec;
  private final Counters counters;
  private final TableDistributor distributor;
  private final HostService hosts;
  private final EndpointService endpoints;
  private final BlockService blocks;
  private final HostLiveness liveness;
  private dev.weft.coordinator.pki.HostCredentials credentials;
  private java.time.Duration registerTimeout = dev.weft.coordinator.config.HttpLimits.DEFAULTS.registerTimeout();
  private Refuser refusals;
  /** The certified sessions open on this member, told when the CAs change (issue 12). */
  private final java.util.Set<AgentSession> sessions = java.util.concurrent.ConcurrentHashMap.newKeySet();

  /** @param joinToken the current join token (rotated through the API, issue 6) */
  public AgentChannel(Vertx vertx, java.util.function.Supplier<String> joinToken, WireCodec codec, Counters counters,
                      TableDistributor distributor, HostService hosts, EndpointService endpoints, BlockService blocks,
                      HostLiveness liveness) {
    this.vertx = vertx;
    this.joinToken = joinToken;
    this.codec = codec;
    this.counters = counters;
    this.distributor = distributor;
    this.hosts = hosts;
    this.endpoints = endpoints;
    this.blocks = blocks;
    this.liveness = liveness;
  }

  /** Admits agents by client certificate only (TLS on); without this call, by the join token. */
  public AgentChannel withCredentials(dev.weft.coordinator.pki.HostCredentials hostCredentials) {
    this.credentials = hostCredentials;
    return this;
  }

  /** How long a new socket has to send {@code register} before it is closed (issue 12). */
  public AgentChannel withRegisterTimeout(java.time.Duration timeout) {
    this.registerTimeout = timeout;
    return this;
  }

  /** Refused upgrades are recorded and limited per client address (issue 12); without this call, only refused. */
  public AgentChannel withRefusals(Refuser value) {
    this.refusals = value;
    return this;
  }

  /**
   * The cluster's CAs changed (a CA rotation, issue 12): sessions whose certificate is of the old CA are told to
   * renew at once, those of a retired CA are closed with the reason. Any thread.
   */
  public void caChanged(dev.weft.coordinator.pki.CaSet cas) {
    sessions.forEach(session -> session.caChanged(cas));
  }

  public void register(Router router) {
    router.get(PATH).handler(this::upgrade);
  }

  private void upgrade(RoutingContext ctx) {
    if (credentials != null) {
      upgradeCertified(ctx);
      return;
    }
    if (!Bearer.matches(ctx.request().getHeader("Authorization"), joinToken.get())) {
      refuse(ctx, new UnauthorizedException("agent channel needs Authorization: Bearer <join-token>"));
      return;
    }
    if (!"websocket".equalsIgnoreCase(ctx.request().getHeader("Upgrade"))) {
      ctx.fail(new ValidationException("Upgrade", ctx.request().getHeader("Upgrade"), "websocket"));
      return;
    }
    ctx.request().toWebSocket().onSuccess(ws -> new AgentSession(vertx, ws, codec, counters, distributor, hosts,
        endpoints, blocks, liveness).start(registerTimeout)).onFailure(ctx::fail);
  }

  private void upgradeCertified(RoutingContext ctx) {
    java.util.List<java.security.cert.Certificate> chain;
    try {
      chain = ctx.request().isSSL() ? ctx.request().connection().peerCertificates() : java.util.List.of();
    } catch (javax.net.ssl.SSLPeerUnverifiedException e) {
      chain = java.util.List.of();
    }
    java.util.List<java.security.cert.Certificate> presented = chain == null ? java.util.List.of() : chain;
    ctx.request().pause();
    vertx.executeBlocking(() -> credentials.admit(presented), false).onComplete(ar -> {
      if (ar.failed()) {
        ctx.request().resume();
        if (ar.cause() instanceof UnauthorizedException refused) {
          refuse(ctx, refused);
        } else {
          ctx.fail(ar.cause());
        }
      } else if (!"websocket".equalsIgnoreCase(ctx.request().getHeader("Upgrade"))) {
        ctx.request().resume();
        ctx.fail(new ValidationException("Upgrade", ctx.request().getHeader("Upgrade"), "websocket"));
      } else {
        ctx.request().toWebSocket().onSuccess(ws -> {
          AgentSession session = new AgentSession(vertx, ws, codec, counters, distributor, hosts, endpoints, blocks,
              liveness).certifiedAs(ar.result(), credentials);
          sessions.add(session);
          session.whenClosed(() -> sessions.remove(session)).start(registerTimeout);
        }).onFailure(ctx::fail);
      }
    });
  }

  private void refuse(RoutingContext ctx, UnauthorizedException why) {
    if (refusals == null || refusals.refuse(ctx, "agent.connect", PATH, 401)) {
      ctx.fail(why);
    }
  }
}
