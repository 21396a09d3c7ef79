package dev.weft.coordinator.http;

import java.time.Clock;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A token bucket per client address (issue 12): each address may spend {@code perMinute} units in a burst, and gets
 * them back at {@code perMinute} a minute. Memory is bounded: an address whose bucket is full again is forgotten
 * (it is the same as one never seen), and past {@code maxAddresses} the least recently seen address is forgotten
 * first, which at worst gives that address a fresh budget. Thread-safe.
 */
public final class RateLimiter {
  private static final long SWEEP_MILLIS = 60_000;

  /** Budget in ticks: one unit is {@value #UNIT} ticks, and {@code perMinute} ticks come back each millisecond. */
  private static final long UNIT = 60_000;
  private final long capacity;
  private final long perMilli;
  private final int maxAddresses;
  private final Clock clock;
  private final LinkedHashMap<String, Bucket> buckets;
  private long nextSweep;

  /**
   * @param perMinute    units an address may spend at once, and gets back each minute; 0 turns the limit off
   * @param maxAddresses addresses remembered at most (at least 1)
   */
  public RateLimiter(int perMinute, int maxAddresses, Clock clock) {
    if (perMinute < 0) {
      throw new IllegalArgumentException("perMinute: " + perMinute + " (expected: 0 or more)");
    }
    if (maxAddresses < 1) {
      throw new IllegalArgumentException("maxAddresses: " + maxAddresses + " (expected: 1 or more)");
    }
    this.capacity = perMinute * UNIT;
    this.perMilli = perMinute;
    this.maxAddresses = maxAddresses;
    this.clock = clock;
    this.buckets = new LinkedHashMap<>(16, 0.75f, true) {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
        return size() > RateLimiter.this.maxAddresses;
      }
    };
    this.nextSweep = clock.millis() + SWEEP_MILLIS;
  }

  /**
   * Spends one unit of {@code address}'s budget.
   *
   * @param address the client address; null counts as one address of its own
   * @return 0 when the unit was spent (go on), else the whole seconds (at least 1) until one is back (answer 429)
   */
  public synchronized long acquire(String address) {
    if (capacity == 0) {
      return 0;
    }
    long now = clock.millis();
    sweep(now);
    Bucket bucket = buckets.computeIfAbsent(String.valueOf(address), a -> new Bucket(capacity, now));
    bucket.refill(now, capacity, perMilli);
    if (bucket.ticks >= UNIT) {
      bucket.ticks -= UNIT;
      return 0;
    }
    long millis = (UNIT - bucket.ticks + perMilli - 1) / perMilli;
    return Math.max(1, (millis + 999) / 1000);
  }

  /** Addresses remembered now (for tests and metrics). */
  public synchronized int addresses() {
    return buckets.size();
  }

  private void sweep(long now) {
    if (now < nextSweep) {
      return;
    }
    nextSweep = now + SWEEP_MILLIS;
    for (Iterator<Bucket> it = buckets.values().iterator(); it.hasNext(); ) {
      Bucket bucket = it.next();
      bucket.refill(now, capacity, perMilli);
      if (bucket.ticks >= capacity) {
        it.remove();
      }
    }
  }

  private static final class Bucket {
    private long ticks;
    private long at;

    private Bucket(long ticks, long at) {
      this.ticks = ticks;
      this.at = at;
    }

    private void refill(long now, long capacity, long perMilli) {
      if (now > at) {
        // capped before multiplying: a bucket idle for years does not overflow
        long elapsed = Math.min(now - at, capacity / perMilli + 1);
        ticks = Math.min(capacity, ticks + elapsed * perMilli);
        at = now;
      }
    }
  }
}
