package dev.weft.coordinator.api;

import dev.weft.common.internal.Texts;
import dev.weft.common.validation.NetworkRequest;
import dev.weft.common.error.ValidationException;
import dev.weft.coordinator.network.NetworkService;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.stream.Collectors;

/** {@code /v1/networks}: parse, validate, call {@link NetworkService} off the event loop, map the result. */
final class NetworkRoutes {
  private final Vertx vertx;
  private final NetworkService networks;
  private final ApiJson json;

  NetworkRoutes(Vertx vertx, NetworkService networks, ApiJson json) {
    this.vertx = vertx;
    this.networks = networks;
    this.json = json;
  }

  void register(Router router) {
    router.post("/v1/networks").handler(this::create);
    router.get("/v1/networks").handler(this::list);
    router.get("/v1/networks/:name").handler(this::get);
    router.delete("/v1/networks/:name").handler(this::delete);
    router.get("/v1/networks/:name/endpoints").handler(this::endpoints);
  }

  private void create(RoutingContext ctx) {
    NetworkRequest request = NetworkRequest.parse(json.body(ctx));
    vertx.executeBlocking(() -> networks.create(request), false)
        .onSuccess(network -> {
          ctx.response().putHeader("Location", "/v1/networks/" + network.name());
          json.respond(ctx, 201, network);
        })
        .onFailure(ctx::fail);
  }

  private void list(RoutingContext ctx) {
    vertx.executeBlocking(networks::list, false).onSuccess(list -> json.respond(ctx, 200, list)).onFailure(ctx::fail);
  }

  private void get(RoutingContext ctx) {
    String name = NetworkRequest.requireName(ctx.pathParam("name"));
    vertx.executeBlocking(() -> networks.get(name), false)
        .onSuccess(network -> json.respond(ctx, 200, network)).onFailure(ctx::fail);
  }

  private void endpoints(RoutingContext ctx) {
    String name = NetworkRequest.requireName(ctx.pathParam("name"));
    vertx.executeBlocking(() -> networks.endpoints(name), false)
        .onSuccess(list -> json.respond(ctx, 200, list)).onFailure(ctx::fail);
  }

  private void delete(RoutingContext ctx) {
    String name = NetworkRequest.requireName(ctx.pathParam("name"));
    boolean force = force(ctx.queryParam("force"));
    vertx.executeBlocking(() -> {
      networks.delete(name, force);
      return null;
    }, false).onSuccess(v -> ctx.response().setStatusCode(204).end()).onFailure(ctx::fail);
  }

  /**
   * {@code ?force=}: absent is false; {@code true} or {@code false} once. Given twice it is refused rather than read
   * by its first (or last) value, which is how {@code ?force=true&force=false} was taken as true.
   *
   * @throws ValidationException (field {@code force}) for any other value, or for more than one
   */
  static boolean force(List<String> values) {
    if (values.isEmpty()) {
      return false;
    }
    if (values.size() == 1 && values.get(0).equals("true")) {
      return true;
    }
    if (values.size() == 1 && values.get(0).equals("false")) {
      return false;
    }
    String given = values.stream().map(Texts::quote).collect(Collectors.joining(", "));
    throw new ValidationException("force", given, "true or false, once");
  }
}
