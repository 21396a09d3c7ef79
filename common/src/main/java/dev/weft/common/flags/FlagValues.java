package dev.weft.common.flags;

import java.util.Map;
import java.util.Optional;

/**
 * The texts given for a {@link FlagTable}'s flags, by flag or twin. Values are parsed when read, so that a
 * program reports the first bad value in the order it reads them.
 */
public final class FlagValues {
  private final FlagTable table;
  private final Map<String, String> raw;

  FlagValues(FlagTable table, Map<String, String> raw) {
    this.table = table;
    this.raw = Map.copyOf(raw);
  }

  /** Whether the flag or its twin was given. */
  public boolean given(Flag<?> flag) {
    return raw.containsKey(flag.name());
  }

  /** The text given, if any. */
  public Optional<String> text(Flag<?> flag) {
    return Optional.ofNullable(raw.get(flag.name()));
  }

  /**
   * @return the parsed value given, else the flag's default (null when it has none)
   * @throws FlagException when the text given is not acceptable
   */
  public <T> T get(Flag<T> flag) {
    String text = raw.get(flag.name());
    return text == null ? flag.defaultValue() : table.parse(flag, text);
  }

  /** The parsed value given, or empty; the default is not consulted. */
  public <T> Optional<T> find(Flag<T> flag) {
    String text = raw.get(flag.name());
    return text == null ? Optional.empty() : Optional.of(table.parse(flag, text));
  }

  /**
   * Parses a text that came from elsewhere (a file, a fallback) as if given for {@code flag}.
   *
   * @throws FlagException when it is not acceptable
   */
  public <T> T parse(Flag<T> flag, String text) {
    return table.parse(flag, text);
  }

  /** An error naming the flag, the value and what was expected, in the table's style. */
  public FlagException invalid(Flag<?> flag, String value, String expected) {
    return table.invalid(flag, value, expected);
  }
}
