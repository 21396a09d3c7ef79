package dev.weft.agent.control;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * When to try the next coordinator URL: at once on the first pass over the list, then with exponential backoff from
 * {@code min} to {@code max} and 20 % jitter either way, so that a thousand agents dropped together do not come back
 * together. Pure; the randomness is injected (one caller at a time: the control client's context).
 */
public final class ReconnectBackoff {
  /** Beyond this many doublings the delay is {@code max} anyway; keeps the shift in range. */
  private static final int MAX_DOUBLINGS = 16;

  private final long minMs;
  private final long maxMs;
  private final RandomGenerator random;

  public ReconnectBackoff(Duration min, Duration max, RandomGenerator random) {
    if (min.isNegative() || max.compareTo(min) < 0) {
      throw new IllegalArgumentException("backoff: " + min + ".." + max + " (expected: 0 <= min <= max)");
    }
    this.minMs = min.toMillis();
    this.maxMs = max.toMillis();
    this.random = random;
  }

  /**
   * The wait before the next attempt.
   *
   * @param failures attempts failed in a row, counting the one just failed (1 or more)
   * @param urls     how many coordinator URLs the client rotates over (1 or more)
   * @return at least one millisecond
   */
  public Duration next(int failures, int urls) {
    if (failures < 1 || urls < 1) {
      throw new IllegalArgumentException("failures: " + failures + ", urls: " + urls + " (expected: 1 or more each)");
    }
    int rounds = failures / urls;
    if (rounds == 0) {
      return Duration.ofMillis(1);
    }
    long base = Math.min(minMs << Math.min(rounds - 1, MAX_DOUBLINGS), maxMs);
    double jitter = 0.8 + 0.4 * random.nextDouble();
    return Duration.ofMillis(Math.max(1, (long) (base * jitter)));
  }
}
