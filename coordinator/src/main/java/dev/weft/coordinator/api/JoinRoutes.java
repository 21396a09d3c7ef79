package dev.weft.coordinator.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.common.validation.ValidationException;
import dev.weft.coordinator.pki.HostCredentials;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.io.IOException;
import java.util.Map;

/**
 * {@code POST /v1/join} (issue 6): a host presents the join token and a public key it made, and gets a client
 * certificate naming it plus the CA certificate. Checks the join token itself, so it sits before the admin-token
 * check; only when TLS is on (without TLS the agent channel takes the join token as a bearer token).
 */
public final class JoinRoutes {
  public static final String PATH = "/v1/join";
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private final Vertx vertx;
  private final HostCredentials credentials;
  private final AuditLog audit;

  public JoinRoutes(Vertx vertx, HostCredentials credentials, AuditLog audit) {
    this.vertx = vertx;
    this.credentials = credentials;
    this.audit = audit;
  }

  void register(Router router, ApiJson json) {
    router.post(PATH).handler(BodyHandler.create(false).setBodyLimit(HttpApi.BODY_LIMIT));
    router.post(PATH).handler(ctx -> join(ctx, json));
  }

  private void join(RoutingContext ctx, ApiJson json) {
    JsonNode body;
    try {
      body = MAPPER.readTree(ctx.body().buffer() == null ? "" : ctx.body().asString());
    } catch (IOException e) {
      ctx.fail(new ValidationException("body", null, "JSON {\"hostId\", \"publicKey\"}"));
      return;
    }
    if (body == null || !body.isObject()) {
      ctx.fail(new ValidationException("body", null, "JSON {\"hostId\", \"publicKey\"}"));
      return;
    }
    String authorization = ctx.request().getHeader("Authorization");
    String token = authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
        ? authorization.substring(7) : null;
    String hostId = body.path("hostId").isTextual() ? body.path("hostId").asText() : null;
    String publicKey = body.path("publicKey").isTextual() ? body.path("publicKey").asText() : null;
    vertx.executeBlocking(() -> credentials.join(token, hostId, publicKey), false)
        .onComplete(ar -> audit.record("join-token", "join", String.valueOf(hostId), ar.succeeded() ? "200"
            : ar.cause() instanceof UnauthorizedException ? "401"
            : ar.cause() instanceof ValidationException ? "400"
            : ar.cause() instanceof dev.weft.coordinator.service.ConflictException ? "409" : "failed"))
        .onSuccess(issued -> json.respond(ctx, 200, Map.of("hostId", issued.hostId(),
            "certificate", issued.certificate(), "ca", issued.ca())))
        .onFailure(ctx::fail);
  }
}
