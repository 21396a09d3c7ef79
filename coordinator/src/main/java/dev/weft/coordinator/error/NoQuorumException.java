package dev.weft.coordinator.error;

/**
 * This member sees fewer than a majority of the configured members, so it refuses to read or write shared state
 * rather than guess (issue 4). Answered with 503 and this message; nothing was changed.
 */
public final class NoQuorumException extends WeftException {
  private static final long serialVersionUID = 1L;

  public NoQuorumException(String message, Throwable cause) {
    super(Kind.NO_QUORUM, message, cause);
  }
}
