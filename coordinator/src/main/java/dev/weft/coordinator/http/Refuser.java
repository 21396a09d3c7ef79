package dev.weft.coordinator.http;

import io.vertx.ext.web.RoutingContext;

/**
 * Answers a request that failed authentication: audits it, counts it against the caller's budget of refusals and
 * leaves the answer to the caller, or answers 429 itself when the budget is spent. Implemented by the API's {@code Refusals}; the agent
 * channel takes this interface so that it does not depend on the REST API's package.
 */
public interface Refuser {
  /**
   * Refuses {@code ctx} as {@code action} on {@code target}.
   *
   * @return true when the refusal was recorded and the caller answers it with its own message and {@code status};
   *     false when the response was sent here (429) and the caller must not answer again
   */
  boolean refuse(RoutingContext ctx, String action, String target, int status);
}
