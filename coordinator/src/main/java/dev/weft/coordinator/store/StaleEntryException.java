package dev.weft.coordinator.store;

/**
 * The database holds a newer revision of the entry than the member that tried to write it: its in-memory copy is
 * stale (a promoted backup, a side of a partition). Nothing was written; {@link StoreGuard} reloads and retries once.
 */
public final class StaleEntryException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StaleEntryException(String message) {
    super(message);
  }
}
