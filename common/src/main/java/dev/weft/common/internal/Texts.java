package dev.weft.common.internal;

/**
 * Not API, may change without notice. Renders untrusted input inside messages: bounded in length, with control
 * characters escaped so that a message stays one readable line (quotes stay as they are: the JSON error body
 * escapes them once, readably).
 */
public final class Texts {
  private static final int MAX = 80;

  private Texts() {
  }

  /** {@code text} in double quotes, cut after 80 characters, control characters as \\uXXXX; "null" for null. */
  public static String quote(String text) {
    if (text == null) {
      return "null";
    }
    return "\"" + printable(text) + "\"";
  }

  /** {@code text} cut after 80 characters with control characters escaped; "null" for null. */
  public static String printable(String text) {
    if (text == null) {
      return "null";
    }
    StringBuilder out = new StringBuilder();
    int limit = Math.min(text.length(), MAX);
    for (int i = 0; i < limit; i++) {
      char c = text.charAt(i);
      if (Character.isISOControl(c)) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    if (text.length() > MAX) {
      out.append("...");
    }
    return out.toString();
  }
}
