package dev.weft.coordinator.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When this member last heard from each host. In memory on purpose: heartbeats are frequent and writing each one
 * to the store would cost a disk write per host per interval; the store keeps only status changes. Thread-safe.
 */
public final class HostLiveness {
  private final Map<String, Instant> lastHeard = new ConcurrentHashMap<>();
  private final Clock clock;

  public HostLiveness(Clock clock) {
    this.clock = clock;
  }

  /**
   * Records a message from the host now.
   *
   * @return true when the host was not being tracked (new, or it had timed out): the caller marks it up
   */
  public boolean heard(String hostId) {
    return lastHeard.put(hostId, clock.instant()) == null;
  }

  /** When this member last heard from the host; null when not tracked. */
  public Instant lastHeard(String hostId) {
    return lastHeard.get(hostId);
  }

  /**
   * Stops tracking every host silent for longer than {@code timeout} and answers them with the instant each was
   * last heard; a host heard again meanwhile stays.
   */
  public List<Map.Entry<String, Instant>> expire(Duration timeout) {
    Instant cutoff = clock.instant().minus(timeout);
    List<Map.Entry<String, Instant>> expired = new ArrayList<>();
    for (Map.Entry<String, Instant> e : lastHeard.entrySet()) {
      if (e.getValue().isBefore(cutoff) && lastHeard.remove(e.getKey(), e.getValue())) {
        expired.add(Map.entry(e.getKey(), e.getValue()));
      }
    }
    return expired;
  }
}
