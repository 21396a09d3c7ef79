package dev.weft.coordinator.swarm;

/** The Swarm manager could not be asked (unreachable, not a manager, or none configured); the API answers 503. */
public final class SwarmUnavailableException extends RuntimeException {
  public SwarmUnavailableException(String message) {
    super(message);
  }

  public SwarmUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
