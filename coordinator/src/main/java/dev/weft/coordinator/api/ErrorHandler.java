package dev.weft.coordinator.api;

import dev.weft.coordinator.error.UnauthorizedException;
import dev.weft.coordinator.error.Failure;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one place that maps failures ({@link Failure}'s classification) to statuses and {@code {"error": "..."}} bodies. */
final class ErrorHandler implements Handler<RoutingContext> {
  private static final Logger LOG = LoggerFactory.getLogger(ErrorHandler.class);
  private final ApiJson json;

  ErrorHandler(ApiJson json) {
    this.json = json;
  }

  /**
   * For the router's error handlers of one status: Vert.x calls them without a failure (an unmatched route, a path
   * it cannot decode) and not always with the status set, so the status comes from the registration.
   */
  Handler<RoutingContext> forStatus(int status) {
    return ctx -> {
      if (ctx.failure() != null) {
        handle(ctx);
      } else if (!ctx.response().ended() && !ctx.response().headWritten()) {
        json.error(ctx, status, statusMessage(status, ctx));
      }
    };
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (ctx.response().ended() || ctx.response().headWritten()) {
      return;
    }
    Throwable failure = ctx.failure();
    Failure classified = Failure.of(failure);
    switch (classified.kind()) {
      case BAD_REQUEST -> json.error(ctx, 400, classified.message());
      case UNAUTHORIZED -> {
        ctx.response().putHeader("WWW-Authenticate", "Bearer");
        json.error(ctx, 401, classified.message());
      }
      case NOT_FOUND -> json.error(ctx, 404, classified.message());
      case CONFLICT, EXHAUSTED -> json.error(ctx, 409, classified.message());
      case NO_QUORUM -> json.error(ctx, 503, classified.message());
      case UNAVAILABLE -> {
        if (classified.store()) {
          LOG.error("store failure on {} {}", ctx.request().method(), ctx.request().path(), failure);
        }
        json.error(ctx, 503, classified.message());
      }
      case ARGUMENT, INTERNAL -> unclassified(ctx, failure);
      default -> throw new IllegalStateException("unmapped " + classified.kind());
    }
  }

  /** Vert.x's own failures keep their status; anything else is a bug, answered 500 without details. */
  private void unclassified(RoutingContext ctx, Throwable failure) {
    if (failure instanceof HttpException http) {
      json.error(ctx, http.getStatusCode(), statusMessage(http.getStatusCode(), ctx));
    } else if (failure == null && ctx.statusCode() >= 400) {
      json.error(ctx, ctx.statusCode(), statusMessage(ctx.statusCode(), ctx));
    } else {
      LOG.error("unexpected failure on {} {} (status {})", ctx.request().method(), ctx.request().path(),
          ctx.statusCode(), failure);
      json.error(ctx, 500, "internal error");
    }
  }

  static String statusMessage(int status, RoutingContext ctx) {
    return switch (status) {
      case 400 -> "bad request (expected: a well-formed path, query and headers)";
      case 404 -> "no such resource: " + ctx.request().method() + " " + ctx.request().path();
      case 405 -> "method " + ctx.request().method() + " not allowed on " + ctx.request().path();
      case 413 -> "body too large (expected: at most " + HttpApi.BODY_LIMIT + " bytes)";
      default -> "HTTP " + status;
    };
  }
}
