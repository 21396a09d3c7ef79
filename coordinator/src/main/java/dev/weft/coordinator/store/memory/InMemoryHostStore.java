package dev.weft.coordinator.store.memory;

import dev.weft.common.model.HostReport;
import dev.weft.coordinator.host.HostChanges;
import dev.weft.coordinator.host.HostEvent;
import dev.weft.coordinator.host.HostListener;
import dev.weft.coordinator.host.HostRecord;
import dev.weft.coordinator.host.HostStore;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.UnaryOperator;

/**
 * {@link HostStore} in this process's memory: every change one {@code compute} on the host's key, with the same
 * {@link HostChanges} as the Hazelcast store's entry processor. Thread-safe; for tests and a single process.
 */
public final class InMemoryHostStore implements HostStore {
  private final Map<String, HostRecord> hosts = new ConcurrentHashMap<>();
  private final Watchers<HostRecord> watchers = new Watchers<>();

  @Override
  public HostRecord register(HostReport report, String now, boolean createIfAbsent) {
    return apply(report.hostId(), current -> HostChanges.register(current, report, now, createIfAbsent));
  }

  @Override
  public HostRecord update(HostReport report, String now) {
    return apply(report.hostId(), current -> HostChanges.update(current, report, now));
  }

  @Override
  public HostRecord markUp(String hostId, String now) {
    return apply(hostId, current -> HostChanges.up(current, now));
  }

  @Override
  public HostRecord markDown(String hostId, String lastSeen) {
    return apply(hostId, current -> HostChanges.down(current, lastSeen));
  }

  @Override
  public HostRecord addError(String hostId, String error) {
    return apply(hostId, current -> HostChanges.addError(current, error));
  }

  @Override
  public HostRecord clearErrors(String hostId, String prefix) {
    return apply(hostId, current -> HostChanges.clearErrors(current, prefix));
  }

  @Override
  public boolean remove(String hostId) {
    boolean[] removed = {false};
    hosts.computeIfPresent(hostId, (id, current) -> {
      removed[0] = true;
      watchers.fire(id, current, null);
      return null;
    });
    return removed[0];
  }

  @Override
  public Optional<HostRecord> get(String hostId) {
    return Optional.ofNullable(hosts.get(hostId));
  }

  @Override
  public List<HostRecord> list() {
    return hosts.values().stream().sorted(Comparator.comparing(HostRecord::id)).toList();
  }

  @Override
  public void addListener(Executor executor, HostListener listener) {
    watchers.add(executor, (k, o, n) -> listener.event(HostEvent.of(k, o, n)));
  }

  /** One atomic step on the host's entry; a null answer leaves an absent host absent and a present one as it was. */
  private HostRecord apply(String hostId, UnaryOperator<HostRecord> change) {
    HostRecord[] answer = {null};
    hosts.compute(hostId, (id, current) -> {
      HostRecord next = change.apply(current);
      answer[0] = next;
      if (next == null) {
        return current;
      }
      if (!next.equals(current)) {
        watchers.fire(id, current, next);
      }
      return next;
    });
    return answer[0];
  }
}
