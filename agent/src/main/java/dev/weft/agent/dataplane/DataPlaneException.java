package dev.weft.agent.dataplane;

/** A kernel change failed; the message names the command and carries its stderr. */
public final class DataPlaneException extends RuntimeException {
  public DataPlaneException(String message) {
    super(message);
  }

  public DataPlaneException(String message, Throwable cause) {
    super(message, cause);
  }
}
