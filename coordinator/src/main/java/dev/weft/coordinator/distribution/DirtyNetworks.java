package dev.weft.coordinator.distribution;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;

/**
 * Networks (with the endpoint addresses) whose blocks or endpoints changed since their table was last published.
 * Such changes are applied to the view at once and published together by one flush, queued after the events already
 * queued: a burst (an agent registering with its endpoints, many agents starting containers) becomes one delta per
 * network instead of one per change, each sent to every participant. Any other event flushes first, so the order of
 * deltas, snapshots and catalogs an agent sees is unchanged. Not thread-safe: confined to the distribution thread.
 */
final class DirtyNetworks {
  private final Executor executor;
  private final Runnable flush;
  private final Map<String, Set<String>> dirty = new LinkedHashMap<>();
  private boolean flushQueued;

  /** @param flush run on {@code executor} after a first change, to {@link #drain} and publish */
  DirtyNetworks(Executor executor, Runnable flush) {
    this.executor = executor;
    this.flush = flush;
  }

  /** The network changed, at endpoint address {@code ip} when not null. */
  void mark(String network, String ip) {
    Set<String> ips = dirty.computeIfAbsent(network, n -> new HashSet<>());
    if (ip != null) {
      ips.add(ip);
    }
    if (!flushQueued) {
      flushQueued = true;
      executor.execute(flush);
    }
  }

  /** The changes since the last drain, in the order their networks first changed; empty when none. */
  Map<String, Set<String>> drain() {
    flushQueued = false;
    if (dirty.isEmpty()) {
      return Map.of();
    }
    Map<String, Set<String>> changed = new LinkedHashMap<>(dirty);
    dirty.clear();
    return changed;
  }
}
