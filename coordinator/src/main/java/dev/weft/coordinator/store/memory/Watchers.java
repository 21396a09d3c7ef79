package dev.weft.coordinator.store.memory;

import dev.weft.coordinator.store.ChangeListener;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;

/**
 * The listeners of one in-memory store. A change is handed to each listener on that listener's own executor, never
 * on the writer's thread, as the Hazelcast stores do with entry events; so code that works over one works over the
 * other.
 *
 * @param <T> the stored value type
 */
public final class Watchers<T> {
  private record Watch<T>(Executor executor, ChangeListener<T> listener) {
  }

  private final List<Watch<T>> watches = new CopyOnWriteArrayList<>();

  /** Calls {@code listener} on {@code executor} for every later change. */
  public void add(Executor executor, ChangeListener<T> listener) {
    watches.add(new Watch<>(executor, listener));
  }

  /**
   * Reports one change to every listener. Call it while holding the store's lock for {@code key}, so that listeners
   * that share an executor see the changes of one key in the order they were made.
   *
   * @param before the value before, or null when the entry was added
   * @param after  the value after, or null when the entry was removed
   */
  public void fire(String key, T before, T after) {
    if (before == null && after == null) {
      return;
    }
    for (Watch<T> watch : watches) {
      watch.executor().execute(() -> watch.listener().changed(key, before, after));
    }
  }
}
