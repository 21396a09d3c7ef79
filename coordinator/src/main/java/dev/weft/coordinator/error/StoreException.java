package dev.weft.coordinator.error;

/** The durable store failed (disk, lock, corrupt entry). Answered with 503 on the API: nothing was acknowledged. */
public final class StoreException extends WeftException {
  private static final long serialVersionUID = 1L;

  public StoreException(String message, Throwable cause) {
    super(Kind.UNAVAILABLE, message, cause);
  }
}
