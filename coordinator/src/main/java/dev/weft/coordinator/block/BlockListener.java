package dev.weft.coordinator.block;

/** Told of every change of the block store, on the executor it was registered with. */
@FunctionalInterface
public interface BlockListener {
  /** @param event one change, never null */
  void event(BlockEvent event);
}
