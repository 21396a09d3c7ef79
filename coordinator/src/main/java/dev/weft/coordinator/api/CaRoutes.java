package dev.weft.coordinator.api;

import dev.weft.coordinator.pki.CaRotation;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /v1/ca} (issue 12): the cluster CA and a staged one with how many hosts hold certificates of each (read or
 * admin token), staging a new CA and retiring the old one (admin token; audited like every write).
 */
final class CaRoutes {
  static final String PATH = "/v1/ca";
  private final Vertx vertx;
  private final CaRotation rotation;
  private final ApiJson json;

  CaRoutes(Vertx vertx, CaRotation rotation, ApiJson json) {
    this.vertx = vertx;
    this.rotation = rotation;
    this.json = json;
  }

  void register(Router router) {
    router.get(PATH).handler(this::show);
    router.post(PATH + "/rotate").handler(this::rotate);
    router.post(PATH + "/retire").handler(this::retire);
  }

  private void show(RoutingContext ctx) {
    vertx.executeBlocking(rotation::status, false).onSuccess(status -> json.respond(ctx, 200, body(status)))
        .onFailure(ctx::fail);
  }

  private void rotate(RoutingContext ctx) {
    vertx.executeBlocking(() -> {
      rotation.stage();
      return rotation.status();
    }, false).onSuccess(status -> json.respond(ctx, 200, body(status))).onFailure(ctx::fail);
  }

  private void retire(RoutingContext ctx) {
    boolean force = NetworkRoutes.force(ctx.queryParam("force"));
    vertx.executeBlocking(() -> {
      List<String> left = rotation.retire(force);
      Map<String, Object> body = body(rotation.status());
      body.put("hostsToJoinAgain", left);
      return body;
    }, false).onSuccess(body -> json.respond(ctx, 200, body)).onFailure(ctx::fail);
  }

  private static Map<String, Object> body(CaRotation.Status status) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("current", status.current());
    body.put("next", status.next());
    body.put("otherHosts", status.other());
    return body;
  }
}
