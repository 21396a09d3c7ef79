package dev.weft.coordinator.api;

import dev.weft.coordinator.host.HostLiveness;
import dev.weft.coordinator.host.HostService;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/** {@code /v1/hosts}: what the agents reported, their status and the coordinator's errors about them. */
final class HostRoutes {
  private final Vertx vertx;
  private final HostService hosts;
  private final HostLiveness liveness;
  private final ApiJson json;

  HostRoutes(Vertx vertx, HostService hosts, HostLiveness liveness, ApiJson json) {
    this.vertx = vertx;
    this.hosts = hosts;
    this.liveness = liveness;
    this.json = json;
  }

  void register(Router router) {
    router.get("/v1/hosts").handler(this::list);
    router.get("/v1/hosts/:id").handler(this::get);
    router.delete("/v1/hosts/:id").handler(this::delete);
  }

  private void list(RoutingContext ctx) {
    vertx.executeBlocking(() -> hosts.list(liveness::lastHeard), false)
        .onSuccess(list -> json.respond(ctx, 200, list)).onFailure(ctx::fail);
  }

  private void delete(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    vertx.executeBlocking(() -> {
      hosts.delete(id);
      return null;
    }, false).onSuccess(v -> ctx.response().setStatusCode(204).end()).onFailure(ctx::fail);
  }

  private void get(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    vertx.executeBlocking(() -> hosts.get(id, liveness::lastHeard), false)
        .onSuccess(host -> json.respond(ctx, 200, host)).onFailure(ctx::fail);
  }
}
