package dev.weft.coordinator.api;

import dev.weft.coordinator.error.UnauthorizedException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.common.error.ValidationException;
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
  private final Refusals refusals;

  public JoinRoutes(Vertx vertx, HostCredentials credentials, AuditLog audit, Refusals refusals) {
    this.vertx = vertx;
    this.credentials = credentials;
    this.audit = audit;
    this.refusals = refusals;
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
      refuse(ctx, null, new ValidationException("body", null, "JSON {\"hostId\", \"publicKey\"}"));
      return;
    }
    if (body == null || !body.isObject()) {
      refuse(ctx, null, new ValidationException("body", null, "JSON {\"hostId\", \"publicKey\"}"));
      return;
    }
    JsonNode hostNode = body.path("hostId");
    JsonNode keyNode = body.path("publicKey");
    // A value of another type is named as given (42, not null; issue 12).
    if (!hostNode.isMissingNode() && !hostNode.isTextual()) {
      refuse(ctx, hostNode.toString(), new ValidationException("hostId", hostNode.toString(), "a string of 1-128 "
          + "characters of letters, digits, '.', '_' and '-', starting with a letter or digit"));
      return;
    }
    if (!keyNode.isMissingNode() && !keyNode.isTextual()) {
      refuse(ctx, hostNode.asText(null), new ValidationException("publicKey", keyNode.toString(),
          "a string: base64 of an EC P-256 public key (DER SubjectPublicKeyInfo)"));
      return;
    }
    String authorization = ctx.request().getHeader("Authorization");
    String token = authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
        ? authorization.substring(7) : null;
    String hostId = hostNode.isTextual() ? hostNode.asText() : null;
    String publicKey = keyNode.isTextual() ? keyNode.asText() : null;
    String remote = Refusals.remote(ctx);
    vertx.executeBlocking(() -> credentials.join(token, hostId, publicKey), false)
        .onSuccess(issued -> {
          audit.record("join-token", "join", hostId, "200", remote);
          json.respond(ctx, 200, Map.of("hostId", issued.hostId(), "certificate", issued.certificate(),
              "ca", issued.ca()));
        })
        .onFailure(e -> {
          if (e instanceof UnauthorizedException || e instanceof ValidationException) {
            // No valid token shown, or nothing a host would send: brief, anonymous, and limited (issue 12).
            refuse(ctx, hostId, e);
          } else {
            audit.record("join-token", "join", hostId,
                e instanceof dev.weft.coordinator.error.ConflictException ? "409" : "failed", remote);
            ctx.fail(e);
          }
        });
  }

  private void refuse(RoutingContext ctx, String hostId, Throwable why) {
    if (refusals.refuse(ctx, "join", hostId, why instanceof UnauthorizedException ? 401 : 400)) {
      ctx.fail(why);
    }
  }
}
