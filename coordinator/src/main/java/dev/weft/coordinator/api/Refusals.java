package dev.weft.coordinator.api;

import dev.weft.coordinator.http.RateLimiter;
import dev.weft.coordinator.http.Refuser;
import dev.weft.coordinator.metrics.Counters;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;

/**
 * Refused requests and requests without a credential, per client address (issue 12). A refused attempt (wrong or
 * missing token on {@code /v1} or the agent channel, a join refused with 401 or 400) spends one unit of its address's
 * refused budget and is recorded briefly in the audit log as {@code anonymous}; once the budget is spent, further
 * refused attempts are answered 429 with {@code Retry-After}, counted in {@code weft_http_rate_limited_total} and not
 * recorded, so the log cannot be flooded. A request with a valid credential is never charged nor slowed, whatever
 * its address spent: joined agents, a fleet joining from one address and token holders go on as before. Requests to
 * the routes that need no credential spend the (generous) open budget.
 */
public final class Refusals implements Refuser {
  /** The actor of a request with no valid credential. */
  public static final String ANONYMOUS = "anonymous";

  private final RateLimiter refused;
  private final RateLimiter open;
  private final AuditLog audit;
  private final Counters counters;
  private final ApiJson json = new ApiJson();

  public Refusals(RateLimiter refused, RateLimiter open, AuditLog audit, Counters counters) {
    this.refused = refused;
    this.open = open;
    this.audit = audit;
    this.counters = counters;
  }

  /** A handler for routes without a credential: goes on, or answers 429 past the address's open budget. */
  public void admitOpen(RoutingContext ctx) {
    long retryAfter = open.acquire(remote(ctx));
    if (retryAfter == 0) {
      ctx.next();
    } else {
      tooMany(ctx, retryAfter, "too many requests");
    }
  }

  /**
   * A request is about to be refused with {@code status}: either it is recorded (actor {@code anonymous}) and the
   * caller answers it, or its address has spent its refused budget and it was answered 429 here.
   *
   * @return true when the caller must answer the refusal itself; false when the response was sent (429)
   */
  @Override
  public boolean refuse(RoutingContext ctx, String action, String target, int status) {
    String address = remote(ctx);
    long retryAfter = refused.acquire(address);
    if (retryAfter != 0) {
      tooMany(ctx, retryAfter, "too many refused requests");
      return false;
    }
    audit.record(ANONYMOUS, action, target, String.valueOf(status), address);
    return true;
  }

  /** The client's IP address as the listener saw it (a proxy's, behind one); null when unknown. */
  public static String remote(RoutingContext ctx) {
    SocketAddress address = ctx.request().remoteAddress();
    return address == null ? null : address.hostAddress();
  }

  private void tooMany(RoutingContext ctx, long retryAfter, String what) {
    counters.rateLimited();
    ctx.response().putHeader("Retry-After", String.valueOf(retryAfter));
    json.respond(ctx, 429, Map.of("error", what + " from " + remote(ctx) + "; retry in " + retryAfter + " s",
        "retryAfterSeconds", retryAfter));
  }
}
