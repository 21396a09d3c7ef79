package dev.weft.coordinator.host;

import dev.weft.common.model.HostReport;
import dev.weft.common.model.HostStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The changes of one host record, as pure functions of the record stored now: what every {@link HostStore}
 * implementation applies inside its one atomic step on the host's entry. Each answers the record to store, or null
 * when the host is unknown and the change does not create it (then nothing is stored).
 */
public final class HostChanges {
  /** Coordinator-side errors kept per host; the oldest go first. */
  public static final int MAX_ERRORS = 20;

  private HostChanges() {
  }

  /** The report stored and the host up, its coordinator errors kept; null when absent and not {@code create}. */
  public static HostRecord register(HostRecord current, HostReport report, String now, boolean create) {
    if (current == null && !create) {
      return null;
    }
    return new HostRecord(report, HostStatus.UP, now, current == null ? List.of() : current.coordinatorErrors());
  }

  /** The report replaced, status unchanged; null when absent. */
  public static HostRecord update(HostRecord current, HostReport report, String now) {
    return current == null ? null : new HostRecord(report, current.status(), now, current.coordinatorErrors());
  }

  /** Up again as of {@code now}; unchanged when up already; null when absent. */
  public static HostRecord up(HostRecord current, String now) {
    return current == null || current.status() == HostStatus.UP ? current
        : new HostRecord(current.report(), HostStatus.UP, now, current.coordinatorErrors());
  }

  /** Down as of {@code lastSeen}, unless it registered after that instant; null when absent. */
  public static HostRecord down(HostRecord current, String lastSeen) {
    // A registration after the silence began wins over the timeout that noticed the silence.
    return current == null || current.status() == HostStatus.DOWN
        || Instant.parse(current.lastSeen()).isAfter(Instant.parse(lastSeen)) ? current
        : new HostRecord(current.report(), HostStatus.DOWN, lastSeen, current.coordinatorErrors());
  }

  /** With {@code error} added (kept once, at most {@link #MAX_ERRORS}); null when absent. */
  public static HostRecord addError(HostRecord current, String error) {
    if (current == null || current.coordinatorErrors().contains(error)) {
      return current;
    }
    List<String> errors = new ArrayList<>(current.coordinatorErrors());
    errors.add(error);
    while (errors.size() > MAX_ERRORS) {
      errors.remove(0);
    }
    return new HostRecord(current.report(), current.status(), current.lastSeen(), errors);
  }

  /** Without the coordinator errors starting with {@code prefix}; null when absent. */
  public static HostRecord clearErrors(HostRecord current, String prefix) {
    return current == null ? null : new HostRecord(current.report(), current.status(), current.lastSeen(),
        current.coordinatorErrors().stream().filter(e -> !e.startsWith(prefix)).toList());
  }
}
