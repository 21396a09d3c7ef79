package dev.weft.coordinator.error;

/** The named thing does not exist. HTTP 404; on the agent channel {@code unknown-network}. */
public final class NotFoundException extends WeftException {
  private static final long serialVersionUID = 1L;

  public NotFoundException(String message) {
    super(Kind.NOT_FOUND, message, null);
  }
}
