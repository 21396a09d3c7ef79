package dev.weft.coordinator.channel;

import dev.weft.common.wire.WireCodec;
import dev.weft.coordinator.api.Bearer;
import dev.weft.coordinator.api.UnauthorizedException;
import dev.weft.coordinator.distribution.TableDistributor;
import dev.weft.coordinator.metrics.Counters;
import dev.weft.coordinator.service.BlockService;
import dev.weft.coordinator.service.EndpointService;
import dev.weft.coordinator.service.HostLiveness;
import dev.weft.coordinator.service.HostService;
import dev.weft.common.validation.ValidationException;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /v1/agent}: the agent channel (coordinator/PROTOCOL.md). The join token is checked before the
 * upgrade, so a refused agent gets a plain 401 and never a socket.
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

  public void register(Router router) {
    router.get(PATH).handler(this::upgrade);
  }

  private void upgrade(RoutingContext ctx) {
    if (!Bearer.matches(ctx.request().getHeader("Authorization"), joinToken.get())) {
      ctx.fail(new UnauthorizedException("agent channel needs Authorization: Bearer <join-token>"));
      return;
    }
    if (!"websocket".equalsIgnoreCase(ctx.request().getHeader("Upgrade"))) {
      ctx.fail(new ValidationException("Upgrade", ctx.request().getHeader("Upgrade"), "websocket"));
      return;
    }
    ctx.request().toWebSocket().onSuccess(ws -> new AgentSession(vertx, ws, codec, counters, distributor, hosts,
        endpoints, blocks, liveness).start()).onFailure(ctx::fail);
  }
}
