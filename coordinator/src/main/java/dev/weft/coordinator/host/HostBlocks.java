package dev.weft.coordinator.host;

/**
 * What deleting a host needs of the blocks: an interface here rather than the block store, so that hosts and blocks do
 * not depend on each other (the block service reads hosts).
 */
@FunctionalInterface
public interface HostBlocks {
  /**
   * Frees every block {@code hostId} holds, in every network; nothing when it holds none. Blocking.
   *
   * @throws RuntimeException the store's failure; blocks released before it stay released
   */
  void releaseAll(String hostId);
}
