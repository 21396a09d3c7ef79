package dev.weft.coordinator.block;

/**
 * A change of stored blocks: one network's {@link BlockSet} before and after, keyed by the network's name.
 *
 * @param type     what happened, derived from which of {@code previous} and {@code current} is null
 * @param key      the stored entry's key, never null
 * @param previous the value before, or null when {@link Type#ADDED} (or a removal that did not report it)
 * @param current  the value after, or null when {@link Type#REMOVED}
 */
public record BlockEvent(Type type, String key, BlockSet previous, BlockSet current) {
  public enum Type { ADDED, UPDATED, REMOVED }

  /**
   * The event of a change from {@code previous} to {@code current}. Both null is a removal whose value the storage did
   * not report (Hazelcast's {@code delete}).
   */
  public static BlockEvent of(String key, BlockSet previous, BlockSet current) {
    Type type = current == null ? Type.REMOVED : previous == null ? Type.ADDED : Type.UPDATED;
    return new BlockEvent(type, key, previous, current);
  }
}
