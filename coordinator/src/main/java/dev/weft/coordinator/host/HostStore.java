package dev.weft.coordinator.host;

import dev.weft.common.model.HostReport;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * Hosts as stored, keyed by host id. Every method that changes a host is one atomic step on that host's entry (no
 * read-then-write across calls). Every method blocks: call it from a worker, never from an event loop. Failure: the
 * implementation's {@link RuntimeException} ({@link dev.weft.coordinator.error.NoQuorumException},
 * {@link dev.weft.coordinator.error.StoreException}); nothing changed then.
 */
public interface HostStore {
  /**
   * Stores the report and marks the host up, keeping the coordinator's errors about it; atomic. A host not stored yet
   * is created only when {@code createIfAbsent}: so that a caller who checked that an unknown host may join, and one
   * who re-registers a known host, each act in one step on what is stored at that instant.
   *
   * @return the record now stored; null when the host is not stored and {@code createIfAbsent} is false (nothing
   *     changed)
   */
  HostRecord register(HostReport report, String now, boolean createIfAbsent);

  /** {@link #register(HostReport, String, boolean)} creating the host when absent. @return the record now stored */
  default HostRecord register(HostReport report, String now) {
    return register(report, now, true);
  }

  /** Replaces the report, status unchanged; atomic. @return the new record; null when the host is unknown */
  HostRecord update(HostReport report, String now);

  /** Marks a known host up again (it spoke after timing out); atomic. @return the record; null when unknown */
  HostRecord markUp(String hostId, String now);

  /**
   * Marks the host down as of {@code lastSeen} (ISO-8601), unless it registered after that instant; atomic.
   *
   * @return the record as it is now (still up when it registered later); null when unknown
   */
  HostRecord markDown(String hostId, String lastSeen);

  /** Adds (or keeps) one coordinator-side error, the oldest dropped past 20; atomic. @return the record; null when unknown */
  HostRecord addError(String hostId, String error);

  /** Drops the coordinator-side errors starting with {@code prefix}; atomic. @return the record; null when unknown */
  HostRecord clearErrors(String hostId, String prefix);

  /** Removes the host (revoked, issue 6). @return false when it was not stored */
  boolean remove(String hostId);

  /** The stored record; empty when the host is unknown. */
  Optional<HostRecord> get(String hostId);

  /** Every host, by id; empty when none. */
  List<HostRecord> list();

  /**
   * Calls {@code listener} on {@code executor} for every later change made on any member, never on a storage thread
   * or the writer's thread. Changes of one host reach one listener in the order they were made.
   */
  void addListener(Executor executor, HostListener listener);
}
