package dev.weft.common.flags;

/** Turns a flag's text into its value. */
@FunctionalInterface
public interface ValueParser<T> {
  /**
   * @param text the flag's text as given (never null; not trimmed)
   * @return the value, never null
   * @throws InvalidValue when the text is not acceptable; the table turns it into the operator's message
   */
  T parse(String text);
}
