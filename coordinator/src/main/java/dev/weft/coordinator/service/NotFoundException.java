package dev.weft.coordinator.service;

/** The named thing does not exist. HTTP 404; on the agent channel {@code unknown-network}. */
public final class NotFoundException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public NotFoundException(String message) {
    super(message);
  }
}
