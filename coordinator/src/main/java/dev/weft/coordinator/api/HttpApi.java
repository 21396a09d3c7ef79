package dev.weft.coordinator.api;

import dev.weft.coordinator.http.Bearer;

import dev.weft.coordinator.error.UnauthorizedException;
import dev.weft.coordinator.channel.AgentChannel;
import dev.weft.coordinator.config.JoinToken;
import dev.weft.coordinator.distribution.TableDistributor;
import dev.weft.coordinator.metrics.Counters;
import dev.weft.coordinator.host.HostLiveness;
import dev.weft.coordinator.host.HostService;
import dev.weft.coordinator.network.NetworkService;
import dev.weft.coordinator.servicerule.ServiceRules;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.function.BooleanSupplier;

/**
 * The HTTP surface: open system routes and the agent channel (which checks the join token itself) first, then the
 * admin-token check (or, for GETs, the read-token one) for the rest of {@code /v1}, then the API routes, and one
 * error handler for all.
 */
public final class HttpApi {
  /** Largest accepted request body; larger ones get 413. */
  public static final long BODY_LIMIT = 64 * 1024;

  private HttpApi() {
  }

  /** The routing-context key of who made a request: {@code admin-token} or {@code read-token}. */
  public static final String ACTOR = "weft.actor";

  /** Everything the routes call, one field per part (a record instead of fifteen arguments). */
  public record Parts(String adminToken, String readToken, AgentChannel agentChannel, NetworkService networks,
                      HostService hosts, HostLiveness liveness, TableDistributor distributor, Counters counters,
                      BooleanSupplier storeRunning, ServiceRules services, JoinToken joinToken, AuditLog audit,
                      JoinRoutes join, Refusals refusals, dev.weft.coordinator.pki.CaRotation rotation) {
  }

  /** @param parts {@code join} is null without TLS (no join route then), {@code rotation} null for no CA routes */
  public static Router router(Vertx vertx, Parts parts) {
    String adminToken = parts.adminToken();
    String readToken = parts.readToken();
    AgentChannel agentChannel = parts.agentChannel();
    TableDistributor distributor = parts.distributor();
    Counters counters = parts.counters();
    JoinRoutes join = parts.join();
    Refusals refusals = parts.refusals();
    AuditLog audit = parts.audit();
    ApiJson json = new ApiJson();
    Router router = Router.router(vertx);
    // Routes without a credential spend their client address's open budget (issue 12).
    for (String open : new String[] {"/health", "/metrics", SystemRoutes.OPENAPI_PATH}) {
      router.get(open).handler(refusals::admitOpen);
    }
    new SystemRoutes(distributor, counters, json, parts.storeRunning()).register(router);
    agentChannel.register(router);
    if (join != null) {
      join.register(router, json);
    }
    router.route("/v1/*").handler(ctx -> {
      String authorization = ctx.request().getHeader("Authorization");
      String actor = Bearer.matches(authorization, adminToken) ? "admin-token"
          : Bearer.matches(authorization, readToken) ? "read-token" : null;
      if (actor == null) {
        // Recorded briefly, or 429 once this address has been refused too often (issue 12).
        String[] what = Audited.of(ctx);
        if (refusals.refuse(ctx, what[0], what[1], 401)) {
          ctx.fail(new UnauthorizedException("/v1 needs Authorization: Bearer <admin-token> (see admin-token in the "
              + "data dir)"));
        }
        return;
      }
      ctx.put(ACTOR, actor);
      HttpMethod method = ctx.request().method();
      boolean read = method.equals(HttpMethod.GET) || method.equals(HttpMethod.HEAD);
      String remote = Refusals.remote(ctx);
      ctx.addEndHandler(done -> {
        int status = ctx.response().getStatusCode();
        // Every write, and every refused read (403), with the client's address.
        if (!read || status == 403) {
          String[] what = Audited.of(ctx);
          audit.record(actor, what[0], what[1], String.valueOf(status), remote);
        }
      });
      boolean admin = "admin-token".equals(actor);
      if (!admin && !read) {
        json.error(ctx, 403, "this token is read-only; writes need the admin token");
      } else if (!admin && ctx.request().path().startsWith(TokenRoutes.PATH)) {
        json.error(ctx, 403, "the join token needs the admin token");
      } else {
        ctx.next();
      }
    });
    router.route("/v1/*").handler(BodyHandler.create(false).setBodyLimit(BODY_LIMIT));
    new NetworkRoutes(vertx, parts.networks(), json).register(router);
    new HostRoutes(vertx, parts.hosts(), parts.liveness(), json).register(router);
    new ServiceRoutes(vertx, parts.services(), json).register(router);
    new TokenRoutes(vertx, parts.joinToken(), json).register(router);
    if (parts.rotation() != null) {
      new CaRoutes(vertx, parts.rotation(), json).register(router);
    }
    ErrorHandler errors = new ErrorHandler(json);
    router.route().failureHandler(errors);
    for (int status : new int[] {400, 404, 405, 413, 500}) {
      router.errorHandler(status, errors.forStatus(status));
    }
    return router;
  }
}
