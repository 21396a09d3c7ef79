package dev.weft.coordinator.host;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * When each host was last heard. Heartbeats arrive at the member the agent is connected to, so each member tracks
 * its own connections in memory and also publishes, at most once a second per host, to a last-heard map shared by
 * every member (issue 4). A host is expired only when neither this member nor any other heard it within the timeout:
 * a host connected to member B is never marked down by member A. Writing each heartbeat to the durable store would
 * cost a disk write per host per interval; the store keeps only status changes. Thread-safe.
 */
public final class HostLiveness {
  private static final long PUBLISH_EVERY_MILLIS = 1000;

  private final Map<String, Instant> lastHeard = new ConcurrentHashMap<>();
  private final Map<String, Long> published = new ConcurrentHashMap<>();
  private final Clock clock;
  private final BiConsumer<String, Long> publish;
  private final Function<String, Long> lookup;

  /** One member alone: nothing shared. */
  public HostLiveness(Clock clock) {
    this(clock, (host, millis) -> { }, host -> null);
  }

  /**
   * @param publish records "heard host at millis" where every member sees it; must not block (an event loop calls
   *                it) and may fail silently
   * @param lookup  when any member last published the host, in epoch millis; null when never; may block
   */
  public HostLiveness(Clock clock, BiConsumer<String, Long> publish, Function<String, Long> lookup) {
    this.clock = clock;
    this.publish = publish;
    this.lookup = lookup;
  }

  /**
   * Records a message from the host now.
   *
   * @return true when the host was not being tracked (new, or it had timed out): the caller marks it up
   */
  public boolean heard(String hostId) {
    Instant now = clock.instant();
    long millis = now.toEpochMilli();
    Long last = published.get(hostId);
    if (last == null || millis - last >= PUBLISH_EVERY_MILLIS) {
      published.put(hostId, millis);
      try {
        publish.accept(hostId, millis);
      } catch (RuntimeException e) {
        // the shared map is a hint; this member's own record below still counts
      }
    }
    return lastHeard.put(hostId, now) == null;
  }

  /** When this member last heard from the host; null when not tracked. */
  public Instant lastHeard(String hostId) {
    return lastHeard.get(hostId);
  }

  /**
   * Stops tracking every host silent for longer than {@code timeout}, here and on every other member, and answers
   * them with the instant each was last heard; a host heard again meanwhile stays. Blocking when shared.
   */
  public List<Map.Entry<String, Instant>> expire(Duration timeout) {
    Instant cutoff = clock.instant().minus(timeout);
    List<Map.Entry<String, Instant>> expired = new ArrayList<>();
    for (Map.Entry<String, Instant> e : lastHeard.entrySet()) {
      if (!e.getValue().isBefore(cutoff)) {
        continue;
      }
      Instant elsewhere = elsewhere(e.getKey());
      if (elsewhere != null && !elsewhere.isBefore(cutoff)) {
        // Another member heard it (the agent moved there): keep tracking from that instant.
        lastHeard.replace(e.getKey(), e.getValue(), elsewhere);
        continue;
      }
      if (lastHeard.remove(e.getKey(), e.getValue())) {
        published.remove(e.getKey());
        Instant last = elsewhere != null && elsewhere.isAfter(e.getValue()) ? elsewhere : e.getValue();
        expired.add(Map.entry(e.getKey(), last));
      }
    }
    return expired;
  }

  private Instant elsewhere(String hostId) {
    try {
      Long millis = lookup.apply(hostId);
      return millis == null ? null : Instant.ofEpochMilli(millis);
    } catch (RuntimeException e) {
      return null;
    }
  }
}
