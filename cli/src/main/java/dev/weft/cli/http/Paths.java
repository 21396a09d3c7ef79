package dev.weft.cli.http;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Building API paths from user-given names, so that a name can never add segments or a query. */
public final class Paths {
  private Paths() {
  }

  /**
   * {@code /seg1/seg2...}, each segment percent-encoded (RFC 3986 unreserved characters stay as they are), and the
   * dot segments {@code .} and {@code ..} encoded too, so that no server or proxy resolves them (RFC 3986 5.2.4).
   */
  public static String of(String... segments) {
    StringBuilder path = new StringBuilder();
    for (String segment : segments) {
      String encoded = URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20")
          .replace("%7E", "~").replace("*", "%2A");
      path.append('/').append(encoded.equals(".") || encoded.equals("..") ? encoded.replace(".", "%2E") : encoded);
    }
    return path.toString();
  }
}
