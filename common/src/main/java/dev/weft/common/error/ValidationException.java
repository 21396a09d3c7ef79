package dev.weft.common.error;

import dev.weft.common.internal.Texts;

/**
 * A value a user gave is not acceptable. The message names the field, the value and what was expected, like
 * {@code vni: 0 (expected: 1..16777215)}; an HTTP layer answers it with 400 and this message. The value is shown cut
 * to 80 characters with control characters and unpaired surrogates escaped, so that echoing it is safe; an empty
 * value shows as {@code ""}, so that {@code name: "" (expected: …)} does not read as a value left out.
 */
public final class ValidationException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String field;
  private final String value;
  private final String expected;

  /**
   * @param field    the field, path parameter or setting, for example {@code vni} or {@code labels.tier}
   * @param value    the offending value as the user wrote it (JSON text for a value of the wrong type); null shows
   *                 as {@code null}
   * @param expected what would have been accepted, for example {@code 1..16777215}
   */
  public ValidationException(String field, String value, String expected) {
    super(Texts.printable(field) + ": " + shown(value) + " (expected: " + expected + ")");
    this.field = field;
    this.value = value;
    this.expected = expected;
  }

  /** The field, parameter or setting that is wrong; never null for exceptions made by Weft. */
  public String field() {
    return field;
  }

  /** The offending value as given, uncut; may be null. */
  public String value() {
    return value;
  }

  /** What would have been accepted. */
  public String expected() {
    return expected;
  }

  private static String shown(String value) {
    return value != null && value.isEmpty() ? "\"\"" : Texts.printable(value);
  }
}
