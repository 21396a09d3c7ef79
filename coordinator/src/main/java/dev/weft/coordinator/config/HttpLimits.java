package dev.weft.coordinator.config;

import java.time.Duration;

/**
 * What the HTTP listener gives a client before it closes or slows it (issue 12).
 *
 * @param headerTimeout   a connection that has not sent a complete first request head within this is closed
 *                        (slowloris); trickling bytes does not extend it
 * @param idleTimeout     a connection with no byte read or written for this long is closed; also bounds the wait for
 *                        the next request head on a kept-alive connection. Must stay above the agents' heartbeat
 *                        interval
 * @param registerTimeout an agent WebSocket that has not sent {@code register} within this is closed
 * @param refusedPerMinute refused attempts (wrong or missing token, a malformed join) an address may make at once,
 *                        and again each minute; past that it gets 429. 0: no limit
 * @param openPerMinute   requests to routes that need no credential ({@code /health}, {@code /metrics},
 *                        {@code /v1/openapi.yaml}) an address may make at once, and again each minute. 0: no limit
 */
public record HttpLimits(Duration headerTimeout, Duration idleTimeout, Duration registerTimeout, int refusedPerMinute,
                         int openPerMinute) {
  public static final HttpLimits DEFAULTS = new HttpLimits(Duration.ofSeconds(10), Duration.ofSeconds(60),
      Duration.ofSeconds(10), 30, 6000);

  public HttpLimits withTimeouts(Duration header, Duration idle, Duration register) {
    return new HttpLimits(header, idle, register, refusedPerMinute, openPerMinute);
  }

  public HttpLimits withBudgets(int refused, int open) {
    return new HttpLimits(headerTimeout, idleTimeout, registerTimeout, refused, open);
  }
}
