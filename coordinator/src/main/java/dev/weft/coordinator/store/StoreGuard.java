package dev.weft.coordinator.store;

import dev.weft.coordinator.error.StoreException;
import dev.weft.coordinator.error.NoQuorumException;
import com.hazelcast.core.HazelcastJsonValue;
import com.hazelcast.map.IMap;
import com.hazelcast.splitbrainprotection.SplitBrainProtectionException;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * Runs one store call and turns the cluster's refusals into what the API answers (issue 4): a member without a
 * majority gets {@link NoQuorumException} ("no quorum: this member sees 1 of 3 members"); a write the database
 * refused as stale reloads the entry from the database and is tried once more, then fails with
 * {@link StoreException}. Never a 2xx for a write that is not in the database.
 */
public final class StoreGuard {
  private final IntSupplier visibleMembers;
  private final int expectedMembers;

  public StoreGuard(IntSupplier visibleMembers, int expectedMembers) {
    this.visibleMembers = visibleMembers;
    this.expectedMembers = expectedMembers;
  }

  /** A guard for one member alone (tests, the embedded store). */
  public static StoreGuard single() {
    return new StoreGuard(() -> 1, 1);
  }

  /** Reads or writes without a key of its own (queries): only the quorum refusal is translated. */
  public <T> T read(Supplier<T> call) {
    try {
      return call.get();
    } catch (RuntimeException e) {
      throw translate(e);
    }
  }

  /** A write on {@code key} of {@code map}: retried once after reloading the key when the member was stale. */
  public <T> T write(IMap<String, HazelcastJsonValue> map, String key, Supplier<T> call) {
    try {
      return call.get();
    } catch (RuntimeException e) {
      if (!causedBy(e, StaleEntryException.class)) {
        throw translate(e);
      }
      // The database holds a newer revision: drop this member's copy (not the stored row) and redo the step on it.
      try {
        map.evict(key);
        return call.get();
      } catch (RuntimeException again) {
        if (causedBy(again, StaleEntryException.class)) {
          throw new StoreException("the entry " + key + " changed on another member meanwhile; nothing was changed, "
              + "retry", again);
        }
        throw translate(again);
      }
    }
  }

  private RuntimeException translate(RuntimeException e) {
    if (causedBy(e, SplitBrainProtectionException.class)) {
      return new NoQuorumException("no quorum: this member sees " + visibleMembers.getAsInt() + " of "
          + expectedMembers + " members; it refuses to change shared state until it sees a majority ("
          + (expectedMembers / 2 + 1) + "); retry on another member", e);
    }
    return e;
  }

  static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }
}
