package dev.weft.coordinator.keys;

import java.time.Duration;
import java.util.Collection;
import java.util.List;

/**
 * When pre-shared keys rotate (issue 6). Pure: the caller passes the time.
 *
 * <p>A key is due once it is {@code interval} old. Rotation is safe at any moment: WireGuard mixes the pre-shared key
 * only into the next handshake, and the session keys of the current one stay valid until then (a handshake every
 * 2 minutes while traffic flows, sessions rejected only after 3 minutes); both hosts of a pair get the new key in the
 * same push, seconds apart at most, and a handshake that meets the old key on the other side is retried every 5 s
 * while the old session still carries the traffic.
 */
public record PskSchedule(Duration interval) {
  public PskSchedule {
    if (interval == null || interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("interval: " + interval + " (expected: a positive duration)");
    }
  }

  /** The keys due for rotation at {@code nowMillis}, in the given order. */
  public List<PairKey> due(Collection<PairKey> keys, long nowMillis) {
    return keys.stream().filter(k -> nowMillis - k.createdAt() >= interval.toMillis()).toList();
  }

  /** The age of the oldest key in seconds, 0 when there is none (the metric {@code weft_psk_age_seconds}). */
  public static double oldestAgeSeconds(Collection<PairKey> keys, long nowMillis) {
    return keys.stream().mapToLong(k -> Math.max(0, nowMillis - k.createdAt())).max().orElse(0) / 1000.0;
  }
}
