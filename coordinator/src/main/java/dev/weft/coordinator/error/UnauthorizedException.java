package dev.weft.coordinator.error;

/** Missing or wrong bearer token. HTTP 401. */
public final class UnauthorizedException extends WeftException {
  private static final long serialVersionUID = 1L;

  public UnauthorizedException(String message) {
    super(Kind.UNAUTHORIZED, message, null);
  }
}
