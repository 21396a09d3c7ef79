package dev.weft.coordinator.api;

import dev.weft.coordinator.config.JoinToken;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;

/** {@code /v1/join-token} (admin token only, issue 6): the current join token, and rotating it. */
final class TokenRoutes {
  static final String PATH = "/v1/join-token";
  private final Vertx vertx;
  private final JoinToken joinToken;
  private final ApiJson json;

  TokenRoutes(Vertx vertx, JoinToken joinToken, ApiJson json) {
    this.vertx = vertx;
    this.joinToken = joinToken;
    this.json = json;
  }

  void register(Router router) {
    router.get(PATH).handler(this::get);
    router.post(PATH + "/rotate").handler(this::rotate);
  }

  private void get(RoutingContext ctx) {
    json.respond(ctx, 200, Map.of("token", joinToken.get()));
  }

  private void rotate(RoutingContext ctx) {
    vertx.executeBlocking(joinToken::rotate, false)
        .onSuccess(token -> json.respond(ctx, 200, Map.of("token", token))).onFailure(ctx::fail);
  }
}
