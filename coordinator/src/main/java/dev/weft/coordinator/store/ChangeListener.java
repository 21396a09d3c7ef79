package dev.weft.coordinator.store;

/**
 * A change of one stored entry, as Hazelcast reports it (on any member, for changes made on any member).
 *
 * @param <T> the stored value type
 */
@FunctionalInterface
public interface ChangeListener<T> {
  /**
   * @param key      the entry's key, never null
   * @param oldValue the value before, or null when the entry was added
   * @param newValue the value after, or null when the entry was removed
   */
  void changed(String key, T oldValue, T newValue);
}
