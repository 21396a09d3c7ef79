package dev.weft.coordinator.endpoint;

import dev.weft.common.model.Endpoint;

/**
 * A change of stored endpoints: one endpoint before and after, keyed by {@code network/ip}.
 *
 * @param type     what happened, derived from which of {@code previous} and {@code current} is null
 * @param key      the stored entry's key, never null
 * @param previous the value before, or null when {@link Type#ADDED} (or a removal that did not report it)
 * @param current  the value after, or null when {@link Type#REMOVED}
 */
public record EndpointEvent(Type type, String key, Endpoint previous, Endpoint current) {
  public enum Type { ADDED, UPDATED, REMOVED }

  /**
   * The event of a change from {@code previous} to {@code current}. Both null is a removal whose value the storage did
   * not report (Hazelcast's {@code delete}).
   */
  public static EndpointEvent of(String key, Endpoint previous, Endpoint current) {
    Type type = current == null ? Type.REMOVED : previous == null ? Type.ADDED : Type.UPDATED;
    return new EndpointEvent(type, key, previous, current);
  }
}
