package dev.weft.coordinator.api;

import dev.weft.coordinator.channel.AgentChannel;
import dev.weft.coordinator.distribution.TableDistributor;
import dev.weft.coordinator.metrics.Counters;
import dev.weft.coordinator.service.HostLiveness;
import dev.weft.coordinator.service.HostService;
import dev.weft.coordinator.service.NetworkService;
import dev.weft.coordinator.swarm.ServiceRules;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.function.BooleanSupplier;

/**
 * The HTTP surface: open system routes and the agent channel (which checks the join token itself) first, then the
 * admin-token check for the rest of {@code /v1}, then the API routes, and one error handler for all.
 */
public final class HttpApi {
  /** Largest accepted request body; larger ones get 413. */
  public static final long BODY_LIMIT = 64 * 1024;

  private HttpApi() {
  }

  public static Router router(Vertx vertx, String adminToken, AgentChannel agentChannel, NetworkService networks,
                              HostService hosts, HostLiveness liveness, TableDistributor distributor,
                              Counters counters, BooleanSupplier storeRunning, ServiceRules services) {
    ApiJson json = new ApiJson();
    Router router = Router.router(vertx);
    new SystemRoutes(distributor, counters, json, storeRunning).register(router);
    agentChannel.register(router);
    router.route("/v1/*").handler(ctx -> {
      if (Bearer.matches(ctx.request().getHeader("Authorization"), adminToken)) {
        ctx.next();
      } else {
        ctx.fail(new UnauthorizedException("/v1 needs Authorization: Bearer <admin-token> (see admin-token in the "
            + "data dir)"));
      }
    });
    router.route("/v1/*").handler(BodyHandler.create(false).setBodyLimit(BODY_LIMIT));
    new NetworkRoutes(vertx, networks, json).register(router);
    new HostRoutes(vertx, hosts, liveness, json).register(router);
    new ServiceRoutes(vertx, services, json).register(router);
    ErrorHandler errors = new ErrorHandler(json);
    router.route().failureHandler(errors);
    for (int status : new int[] {400, 404, 405, 413, 500}) {
      router.errorHandler(status, errors.forStatus(status));
    }
    return router;
  }
}
