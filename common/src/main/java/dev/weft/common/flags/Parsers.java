package dev.weft.common.flags;

import java.util.Locale;
import java.util.function.Predicate;

/** Value parsers shared by the tables. */
public final class Parsers {
  private Parsers() {
  }

  /** Any text. */
  public static ValueParser<String> text() {
    return text -> text;
  }

  /** A text {@code ok} accepts, else {@code expected}. */
  public static ValueParser<String> text(Predicate<String> ok, String expected) {
    return text -> {
      if (!ok.test(text)) {
        throw new InvalidValue(expected);
      }
      return text;
    };
  }

  /** An integer {@code min..max}, surrounding blanks allowed. */
  public static ValueParser<Integer> intIn(int min, int max) {
    return text -> {
      try {
        int value = Integer.parseInt(text.trim());
        if (value >= min && value <= max) {
          return value;
        }
      } catch (NumberFormatException e) {
        // reported below with the expected range
      }
      throw new InvalidValue("an integer " + min + ".." + max);
    };
  }

  /** true/1/yes or false/0/no/empty, any case. */
  public static ValueParser<Boolean> lenientBool() {
    return text -> switch (text.toLowerCase(Locale.ROOT)) {
      case "true", "1", "yes" -> true;
      case "false", "0", "no", "" -> false;
      default -> throw new InvalidValue("true or false");
    };
  }

  /** true or false only, any case, surrounding blanks allowed. */
  public static ValueParser<Boolean> strictBool() {
    return text -> switch (text.trim().toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new InvalidValue("true or false");
    };
  }
}
