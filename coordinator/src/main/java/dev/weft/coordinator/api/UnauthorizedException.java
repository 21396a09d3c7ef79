package dev.weft.coordinator.api;

/** Missing or wrong bearer token. HTTP 401. */
public final class UnauthorizedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public UnauthorizedException(String message) {
    super(message);
  }
}
