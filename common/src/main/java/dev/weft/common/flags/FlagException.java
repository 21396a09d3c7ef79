package dev.weft.common.flags;

/** A flag or environment twin the program cannot run with; the message names the flag, value and expectation. */
public final class FlagException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public FlagException(String message) {
    super(message);
  }
}
