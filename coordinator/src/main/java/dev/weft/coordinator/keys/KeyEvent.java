package dev.weft.coordinator.keys;

/**
 * One change of the key store, made on any member: the tunnel addresses or one pair's pre-shared key.
 *
 * @param type     what happened, derived from {@code previous} and {@code current}
 * @param key      {@link KeyStore#TUNNELS} or a pair's {@link PairKey#id()}, never null
 * @param previous the entry before, or null when it was added
 * @param current  the entry after, or null when it was removed
 */
public record KeyEvent(Type type, String key, KeyEntry previous, KeyEntry current) {
  /** What happened to the entry. */
  public enum Type { ADDED, UPDATED, REMOVED }

  /** The event of a change from {@code previous} to {@code current}; not both null. */
  public static KeyEvent of(String key, KeyEntry previous, KeyEntry current) {
    Type type = previous == null ? Type.ADDED : current == null ? Type.REMOVED : Type.UPDATED;
    return new KeyEvent(type, key, previous, current);
  }
}
