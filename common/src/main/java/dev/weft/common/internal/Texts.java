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

  /**
   * {@code text} cut after 80 characters with control characters and unpaired surrogates escaped (so that the
   * message is valid Unicode and encodes to UTF-8 as it reads), never cut between the halves of a pair; "null" for
   * null.
   */
  public static String printable(String text) {
    if (text == null) {
      return "null";
    }
    StringBuilder out = new StringBuilder();
    int i = 0;
    for (; i < text.length() && i < MAX; i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
        out.append(c).append(text.charAt(++i));
      } else if (Character.isISOControl(c) || Character.isSurrogate(c)) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    if (i < text.length()) {
      out.append("...");
    }
    return out.toString();
  }

  /**
   * The index of the first surrogate in {@code text} that is not half of a pair, or -1 when it is valid Unicode (a
   * lone surrogate is no character: encoded to UTF-8 it becomes '?' or fails).
   */
  public static int unpairedSurrogate(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return i;
      }
    }
    return -1;
  }
}
