package dev.weft.cli.http;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Building API paths from user-given names, so that a name can never add segments or a query. */
public final class Paths {
  private Paths() {
  }

  /** {@code /seg1/seg2...}, each segment percent-encoded (RFC 3986 unreserved characters stay as they are). */
  public static String of(String... segments) {
    StringBuilder path = new StringBuilder();
    for (String segment : segments) {
      path.append('/').append(URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20")
          .replace("%7E", "~").replace("*", "%2A"));
    }
    return path.toString();
  }
}
