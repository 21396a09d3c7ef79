package dev.weft.coordinator.api;

import dev.weft.common.error.ValidationException;
import dev.weft.coordinator.service.ConflictException;
import dev.weft.coordinator.service.ExhaustedException;
import dev.weft.coordinator.service.NotFoundException;
import dev.weft.coordinator.store.StoreException;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one place that maps failures to statuses and {@code {"error": "..."}} bodies. */
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
    if (failure instanceof ValidationException) {
      json.error(ctx, 400, failure.getMessage());
    } else if (failure instanceof UnauthorizedException) {
      ctx.response().putHeader("WWW-Authenticate", "Bearer");
      json.error(ctx, 401, failure.getMessage());
    } else if (failure instanceof NotFoundException) {
      json.error(ctx, 404, failure.getMessage());
    } else if (failure instanceof ConflictException || failure instanceof ExhaustedException) {
      json.error(ctx, 409, failure.getMessage());
    } else if (failure instanceof dev.weft.coordinator.store.NoQuorumException) {
      json.error(ctx, 503, failure.getMessage());
    } else if (causedBy(failure, com.hazelcast.splitbrainprotection.SplitBrainProtectionException.class)) {
      json.error(ctx, 503, "no quorum: this member does not see a majority of the cluster; nothing was changed, "
          + "retry on another member");
    } else if (failure instanceof dev.weft.coordinator.swarm.SwarmUnavailableException) {
      json.error(ctx, 503, failure.getMessage());
    } else if (causedByStore(failure)) {
      LOG.error("store failure on {} {}", ctx.request().method(), ctx.request().path(), failure);
      json.error(ctx, 503, "the store is unavailable; nothing was changed, retry later");
    } else if (failure instanceof HttpException http) {
      json.error(ctx, http.getStatusCode(), statusMessage(http.getStatusCode(), ctx));
    } else if (failure == null && ctx.statusCode() >= 400) {
      json.error(ctx, ctx.statusCode(), statusMessage(ctx.statusCode(), ctx));
    } else {
      LOG.error("unexpected failure on {} {} (status {})", ctx.request().method(), ctx.request().path(),
          ctx.statusCode(), failure);
      json.error(ctx, 500, "internal error");
    }
  }

  private static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }

  /** Hazelcast may wrap what the MapStore threw; any store failure in the chain means nothing was acknowledged. */
  private static boolean causedByStore(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof StoreException) {
        return true;
      }
    }
    return false;
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
