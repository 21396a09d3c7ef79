package dev.weft.common.flags;

/** A {@link ValueParser} refuses a text: what was expected, and optionally which part of the text was wrong. */
public final class InvalidValue extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final transient String shown;

  /** The whole text is echoed back. */
  public InvalidValue(String expected) {
    this(null, expected);
  }

  /** @param shown the part of the text to echo back instead of the whole (one element of a list) */
  public InvalidValue(String shown, String expected) {
    super(expected);
    this.shown = shown;
  }

  /** What was expected, e.g. {@code an integer 1..65535}. */
  public String expected() {
    return getMessage();
  }

  /** The text to echo, or null for the whole value. */
  public String shown() {
    return shown;
  }
}
