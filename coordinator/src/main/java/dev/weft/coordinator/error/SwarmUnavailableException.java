package dev.weft.coordinator.error;

/** The Swarm manager could not be asked (unreachable, not a manager, or none configured); the API answers 503. */
public final class SwarmUnavailableException extends WeftException {
  public SwarmUnavailableException(String message) {
    super(Kind.UNAVAILABLE, message, null);
  }

  public SwarmUnavailableException(String message, Throwable cause) {
    super(Kind.UNAVAILABLE, message, cause);
  }
}
