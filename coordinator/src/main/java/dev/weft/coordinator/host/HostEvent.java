package dev.weft.coordinator.host;

/**
 * One change of a stored host, made on any member.
 *
 * @param type     what happened, derived from {@code previous} and {@code current}
 * @param key      the host id, never null
 * @param previous the record before, or null when the host was added
 * @param current  the record after, or null when the host was removed
 */
public record HostEvent(Type type, String key, HostRecord previous, HostRecord current) {
  /** What happened to the host's record. */
  public enum Type { ADDED, UPDATED, REMOVED }

  /** The event of a change from {@code previous} to {@code current}; not both null. */
  public static HostEvent of(String key, HostRecord previous, HostRecord current) {
    Type type = previous == null ? Type.ADDED : current == null ? Type.REMOVED : Type.UPDATED;
    return new HostEvent(type, key, previous, current);
  }
}
