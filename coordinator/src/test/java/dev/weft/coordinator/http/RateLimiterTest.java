package dev.weft.coordinator.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The per-address token bucket (issue 12), on a clock the test moves. */
class RateLimiterTest {
  /** A clock that moves only when told. */
  static final class ManualClock extends Clock {
    private long millis = 1_000_000;

    void advance(long by) {
      millis += by;
    }

    @Override
    public long millis() {
      return millis;
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(millis);
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }

  /** One step: after advancing the clock, an address asks; what it is answered (0: go on, else Retry-After). */
  record Step(long advanceMillis, String address, long expected) {
  }

  @Test
  void eachAddressSpendsItsBudgetAndGetsItBackOverAMinute() {
    // 6 a minute: one unit back every 10 s.
    List<Step> steps = List.of(
        new Step(0, "a", 0), new Step(0, "a", 0), new Step(0, "a", 0),
        new Step(0, "a", 0), new Step(0, "a", 0), new Step(0, "a", 0),
        new Step(0, "a", 10),          // spent: the next unit is 10 s away
        new Step(0, "b", 0),           // another address has its own budget
        new Step(4_000, "a", 6),       // 6 s to go, rounded up
        new Step(5_500, "a", 1),       // 0.5 s to go: at least 1
        new Step(500, "a", 0),         // 10 s passed: one unit back, spent
        new Step(0, "a", 10),
        new Step(600_000, "a", 0),     // long idle: full again, not more than full
        new Step(0, "a", 0), new Step(0, "a", 0), new Step(0, "a", 0), new Step(0, "a", 0), new Step(0, "a", 0),
        new Step(0, "a", 10));
    ManualClock clock = new ManualClock();
    RateLimiter limiter = new RateLimiter(6, 1000, clock);
    List<Long> got = new ArrayList<>();
    List<Long> expected = new ArrayList<>();
    for (Step step : steps) {
      clock.advance(step.advanceMillis());
      got.add(limiter.acquire(step.address()));
      expected.add(step.expected());
    }
    assertThat(got).isEqualTo(expected);
  }

  @Test
  void zeroTurnsTheLimitOff() {
    RateLimiter limiter = new RateLimiter(0, 10, new ManualClock());
    for (int i = 0; i < 10_000; i++) {
      assertThat(limiter.acquire("a")).isZero();
    }
    assertThat(limiter.addresses()).isZero();
  }

  @Test
  void memoryIsBoundedAndIdleAddressesAreForgotten() {
    ManualClock clock = new ManualClock();
    RateLimiter limiter = new RateLimiter(1, 100, clock);
    for (int i = 0; i < 10_000; i++) {
      limiter.acquire("10.0." + (i / 256) + "." + (i % 256));
    }
    assertThat(limiter.addresses()).isEqualTo(100);
    // the most recent address is still remembered: spent
    assertThat(limiter.acquire("10.0.39.15")).isPositive();
    clock.advance(120_000); // every bucket is full again
    limiter.acquire("fresh");
    assertThat(limiter.addresses()).isEqualTo(1);
  }

  @Test
  void aNullAddressIsOneAddress() {
    RateLimiter limiter = new RateLimiter(1, 10, new ManualClock());
    assertThat(limiter.acquire(null)).isZero();
    assertThat(limiter.acquire(null)).isPositive();
  }
}
