package dev.weft.coordinator.keys;

/** Told of every change of the key store (another member allocated or rotated: a hint to recompute). */
@FunctionalInterface
public interface KeyListener {
  /** One change; called on the listener's executor, never on a storage thread. */
  void event(KeyEvent event);
}
