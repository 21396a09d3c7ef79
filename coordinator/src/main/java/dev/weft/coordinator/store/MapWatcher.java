package dev.weft.coordinator.store;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastJsonValue;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryRemovedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import java.util.concurrent.Executor;

/**
 * Turns Hazelcast entry events of one map into typed {@link ChangeListener} calls on the caller's executor, so
 * that listeners never run on Hazelcast's event threads (ONOS stores do the same).
 */
public final class MapWatcher<T> implements EntryAddedListener<String, HazelcastJsonValue>,
    EntryUpdatedListener<String, HazelcastJsonValue>, EntryRemovedListener<String, HazelcastJsonValue> {
  private final Class<T> type;
  private final Executor executor;
  private final ChangeListener<T> listener;

  private MapWatcher(Class<T> type, Executor executor, ChangeListener<T> listener) {
    this.type = type;
    this.executor = executor;
    this.listener = listener;
  }

  /** Calls {@code listener} on {@code executor} for every change of {@code map} made on any member. */
  public static <T> void watch(IMap<String, HazelcastJsonValue> map, Class<T> type, Executor executor,
                        ChangeListener<T> listener) {
    map.addEntryListener(new MapWatcher<>(type, executor, listener), true);
  }

  @Override
  public void entryAdded(EntryEvent<String, HazelcastJsonValue> event) {
    forward(event);
  }

  @Override
  public void entryUpdated(EntryEvent<String, HazelcastJsonValue> event) {
    forward(event);
  }

  @Override
  public void entryRemoved(EntryEvent<String, HazelcastJsonValue> event) {
    forward(event);
  }

  private void forward(EntryEvent<String, HazelcastJsonValue> event) {
    T oldValue = Jsons.read(event.getOldValue(), type);
    T newValue = Jsons.read(event.getValue(), type);
    String key = event.getKey();
    executor.execute(() -> listener.changed(key, oldValue, newValue));
  }
}
