package dev.weft.coordinator.error;

import com.hazelcast.splitbrainprotection.SplitBrainProtectionException;
import dev.weft.common.error.ValidationException;

/**
 * A failure classified once, for every transport: its {@link Kind} and the message that may be shown to the caller.
 *
 * @param message what the caller is told; for {@link Kind#INTERNAL} and {@link Kind#ARGUMENT} the exception's own
 *                message, which a transport may hide
 */
public record Failure(Kind kind, String message, Throwable cause) {
  static final String NO_QUORUM = "no quorum: this member does not see a majority of the cluster; nothing was "
      + "changed, retry on another member";
  static final String STORE = "the store is unavailable; nothing was changed, retry later";

  /** Classifies {@code failure}; never null ({@link Kind#INTERNAL} for what is not Weft's or null). */
  public static Failure of(Throwable failure) {
    if (failure instanceof ValidationException) {
      return new Failure(Kind.BAD_REQUEST, failure.getMessage(), failure);
    }
    if (failure instanceof StoreException) {
      return new Failure(Kind.UNAVAILABLE, STORE, failure);
    }
    if (failure instanceof WeftException weft) {
      return new Failure(weft.kind(), failure.getMessage(), failure);
    }
    if (failure instanceof IllegalArgumentException) {
      return new Failure(Kind.ARGUMENT, failure.getMessage(), failure);
    }
    if (causedBy(failure, SplitBrainProtectionException.class)) {
      return new Failure(Kind.UNAVAILABLE, NO_QUORUM, failure);
    }
    // Hazelcast may wrap what the MapStore threw; any store failure in the chain means nothing was acknowledged.
    if (causedBy(failure, StoreException.class)) {
      return new Failure(Kind.UNAVAILABLE, STORE, failure);
    }
    return new Failure(Kind.INTERNAL, failure == null ? null : failure.getMessage(), failure);
  }

  /** Whether the store failed (logged as an error with the request). */
  public boolean store() {
    return causedBy(cause, StoreException.class);
  }

  private static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }
}
