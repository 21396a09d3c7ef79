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

  /** A builder that starts from these limits; change what differs, then {@link Builder#build()}. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Limits that differ from a starting set in some fields; every field is named once, here and in the record. */
  public static final class Builder {
    private Duration headerTimeout;
    private Duration idleTimeout;
    private Duration registerTimeout;
    private int refusedPerMinute;
    private int openPerMinute;

    private Builder(HttpLimits from) {
      headerTimeout = from.headerTimeout;
      idleTimeout = from.idleTimeout;
      registerTimeout = from.registerTimeout;
      refusedPerMinute = from.refusedPerMinute;
      openPerMinute = from.openPerMinute;
    }

    public Builder headerTimeout(Duration value) {
      headerTimeout = value;
      return this;
    }

    public Builder idleTimeout(Duration value) {
      idleTimeout = value;
      return this;
    }

    public Builder registerTimeout(Duration value) {
      registerTimeout = value;
      return this;
    }

    public Builder refusedPerMinute(int value) {
      refusedPerMinute = value;
      return this;
    }

    public Builder openPerMinute(int value) {
      openPerMinute = value;
      return this;
    }

    public HttpLimits build() {
      return new HttpLimits(headerTimeout, idleTimeout, registerTimeout, refusedPerMinute, openPerMinute);
    }
  }
}
