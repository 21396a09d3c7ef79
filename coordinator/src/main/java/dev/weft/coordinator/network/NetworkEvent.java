package dev.weft.coordinator.network;

/**
 * A change of stored networks: the whole catalog ({@link NetworkCatalog}) before and after, under the catalog's one
 * key. One event per catalog change rather than one per network, because that is what the store holds (every network
 * in one value, so that a creation checks all conflicts atomically) and what its listeners want: the table
 * distributor and the service rules diff whole catalogs; per-network events would make them rebuild the catalog.
 *
 * @param type     what happened, derived from which of {@code previous} and {@code current} is null
 * @param key      the stored entry's key, never null
 * @param previous the value before, or null when {@link Type#ADDED} (or a removal that did not report it)
 * @param current  the value after, or null when {@link Type#REMOVED}
 */
public record NetworkEvent(Type type, String key, NetworkCatalog previous, NetworkCatalog current) {
  public enum Type { ADDED, UPDATED, REMOVED }

  /**
   * The event of a change from {@code previous} to {@code current}. Both null is a removal whose value the storage did
   * not report (Hazelcast's {@code delete}).
   */
  public static NetworkEvent of(String key, NetworkCatalog previous, NetworkCatalog current) {
    Type type = current == null ? Type.REMOVED : previous == null ? Type.ADDED : Type.UPDATED;
    return new NetworkEvent(type, key, previous, current);
  }
}
