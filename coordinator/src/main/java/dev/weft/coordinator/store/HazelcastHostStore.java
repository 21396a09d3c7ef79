package dev.weft.coordinator.store;

import com.hazelcast.core.HazelcastJsonValue;
import com.hazelcast.map.IMap;
import dev.weft.common.model.HostReport;
import dev.weft.coordinator.host.HostEvent;
import dev.weft.coordinator.host.HostListener;
import dev.weft.coordinator.host.HostRecord;
import dev.weft.coordinator.host.HostStore;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;

/** {@link HostStore} in Hazelcast, keyed by host id; every change one entry processor ({@link HostMutation}). */
public final class HazelcastHostStore implements HostStore {
  private final IMap<String, HazelcastJsonValue> map;
  private final StoreGuard guard;

  public HazelcastHostStore(IMap<String, HazelcastJsonValue> map) {
    this(map, StoreGuard.single());
  }

  /** @param guard turns quorum loss and stale writes into clear failures (issue 4) */
  public HazelcastHostStore(IMap<String, HazelcastJsonValue> map, StoreGuard guard) {
    this.map = map;
    this.guard = guard;
  }

  @Override
  public HostRecord register(HostReport report, String now, boolean createIfAbsent) {
    return apply(report.hostId(), HostMutation.register(report, now, createIfAbsent));
  }

  @Override
  public HostRecord update(HostReport report, String now) {
    return apply(report.hostId(), HostMutation.update(report, now));
  }

  @Override
  public HostRecord markUp(String hostId, String now) {
    return apply(hostId, HostMutation.up(now));
  }

  @Override
  public HostRecord markDown(String hostId, String lastSeen) {
    return apply(hostId, HostMutation.down(lastSeen));
  }

  @Override
  public HostRecord addError(String hostId, String error) {
    return apply(hostId, HostMutation.addError(error));
  }

  @Override
  public HostRecord clearErrors(String hostId, String prefix) {
    return apply(hostId, HostMutation.clearErrors(prefix));
  }

  @Override
  public boolean remove(String hostId) {
    return guard.write(map, hostId, () -> map.remove(hostId)) != null;
  }

  @Override
  public Optional<HostRecord> get(String hostId) {
    return Optional.ofNullable(Jsons.read(guard.read(() -> map.get(hostId)), HostRecord.class));
  }

  @Override
  public List<HostRecord> list() {
    return guard.read(map::values).stream().map(v -> Jsons.read(v, HostRecord.class))
        .sorted(Comparator.comparing(HostRecord::id)).toList();
  }

  @Override
  public void addListener(Executor executor, HostListener listener) {
    MapWatcher.watch(map, HostRecord.class, executor, (k, o, n) -> listener.event(HostEvent.of(k, o, n)));
  }

  private HostRecord apply(String hostId, HostMutation mutation) {
    String json = guard.write(map, hostId, () -> map.executeOnKey(hostId, mutation));
    return json == null ? null : Jsons.read(json, HostRecord.class);
  }
}
