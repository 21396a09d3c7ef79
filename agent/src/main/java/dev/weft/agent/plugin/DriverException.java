package dev.weft.agent.plugin;

/** A driver request refused; Docker shows the message to the user ({@code Error response from daemon: …}). */
public final class DriverException extends RuntimeException {
  public DriverException(String message) {
    super(message);
  }
}
