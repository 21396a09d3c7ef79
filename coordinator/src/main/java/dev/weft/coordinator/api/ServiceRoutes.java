package dev.weft.coordinator.api;

import dev.weft.common.model.ServiceRule;
import dev.weft.common.validation.NetworkRequest;
import dev.weft.coordinator.servicerule.ServiceRules;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/** {@code /v1/networks/{name}/services} (issue 5): parse, validate, call {@link ServiceRules} off the event loop. */
final class ServiceRoutes {
  private final Vertx vertx;
  private final ServiceRules services;
  private final ApiJson json;

  ServiceRoutes(Vertx vertx, ServiceRules services, ApiJson json) {
    this.vertx = vertx;
    this.services = services;
    this.json = json;
  }

  void register(Router router) {
    router.get("/v1/networks/:name/services").handler(this::list);
    router.put("/v1/networks/:name/services/:service").handler(this::attach);
    router.delete("/v1/networks/:name/services/:service").handler(this::detach);
  }

  private void list(RoutingContext ctx) {
    String name = NetworkRequest.requireName(ctx.pathParam("name"));
    vertx.executeBlocking(() -> services.list(name), false)
        .onSuccess(list -> json.respond(ctx, 200, list)).onFailure(ctx::fail);
  }

  private void attach(RoutingContext ctx) {
    String name = NetworkRequest.requireName(ctx.pathParam("name"));
    String service = ServiceRules.requireServiceName(ctx.pathParam("service"));
    vertx.executeBlocking(() -> services.attach(name, service), false)
        .onSuccess(created -> json.respond(ctx, created ? 201 : 200, new ServiceRule(name, service)))
        .onFailure(ctx::fail);
  }

  private void detach(RoutingContext ctx) {
    String name = NetworkRequest.requireName(ctx.pathParam("name"));
    String service = ServiceRules.requireServiceName(ctx.pathParam("service"));
    vertx.executeBlocking(() -> {
      services.detach(name, service);
      return null;
    }, false).onSuccess(v -> ctx.response().setStatusCode(204).end()).onFailure(ctx::fail);
  }
}
