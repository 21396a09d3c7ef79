package dev.weft.coordinator.store;

import com.hazelcast.core.HazelcastJsonValue;
import com.hazelcast.map.IMap;
import dev.weft.common.model.HostReport;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;

/** Hosts in Hazelcast, keyed by host id. Every method blocks: call it from a worker, never from an event loop. */
public final class HostStore {
  private final IMap<String, HazelcastJsonValue> map;
  private final StoreGuard guard;

  public HostStore(IMap<String, HazelcastJsonValue> map) {
    this(map, StoreGuard.single());
  }

  /** @param guard turns quorum loss and stale writes into clear failures (issue 4) */
  public HostStore(IMap<String, HazelcastJsonValue> map, StoreGuard guard) {
    this.map = map;
    this.guard = guard;
  }

  /** Stores the report and marks the host up, keeping the coordinator's errors about it. */
  public HostRecord register(HostReport report, String now) {
    return apply(report.hostId(), HostMutation.register(report, now));
  }

  /** Replaces the report; status unchanged. Null when the host is unknown. */
  public HostRecord update(HostReport report, String now) {
    return apply(report.hostId(), HostMutation.update(report, now));
  }

  /** Marks a known host up again (it spoke after timing out); null when unknown. */
  public HostRecord markUp(String hostId, String now) {
    return apply(hostId, HostMutation.up(now));
  }

  /**
   * Marks the host down as of {@code lastSeen}, unless it registered after that instant; null when unknown.
   */
  public HostRecord markDown(String hostId, String lastSeen) {
    return apply(hostId, HostMutation.down(lastSeen));
  }

  /** Adds (or keeps) one coordinator-side error, for example block exhaustion; null when unknown. */
  public HostRecord addError(String hostId, String error) {
    return apply(hostId, HostMutation.addError(error));
  }

  /** Drops the coordinator-side errors starting with {@code prefix}; null when unknown. */
  public HostRecord clearErrors(String hostId, String prefix) {
    return apply(hostId, HostMutation.clearErrors(prefix));
  }

  /** Removes the host (revoked, issue 6); false when unknown. */
  public boolean remove(String hostId) {
    return guard.write(map, hostId, () -> map.remove(hostId)) != null;
  }

  public Optional<HostRecord> get(String hostId) {
    return Optional.ofNullable(Jsons.read(guard.read(() -> map.get(hostId)), HostRecord.class));
  }

  /** Every host, by id; empty when none. */
  public List<HostRecord> list() {
    return guard.read(map::values).stream().map(v -> Jsons.read(v, HostRecord.class))
        .sorted(Comparator.comparing(HostRecord::id)).toList();
  }

  public void watch(Executor executor, ChangeListener<HostRecord> listener) {
    MapWatcher.watch(map, HostRecord.class, executor, listener);
  }

  private HostRecord apply(String hostId, HostMutation mutation) {
    String json = guard.write(map, hostId, () -> map.executeOnKey(hostId, mutation));
    return json == null ? null : Jsons.read(json, HostRecord.class);
  }
}
