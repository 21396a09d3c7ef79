package dev.weft.coordinator.store;

/**
 * The revision every stored value carries as its first JSON field {@code _rev}. Readers of the domain records ignore
 * it (unknown fields are ignored); the {@link JsonMapStore} writes revision n only over revision n−1 in the database,
 * so a member whose copy is stale cannot overwrite a newer value (issue 4).
 */
final class Revisions {
  static final String FIELD = "\"_rev\":";

  private Revisions() {
  }

  /** The revision of a stored JSON object; 0 when it carries none (a value from before revisions). */
  static long of(String json) {
    if (json == null || !json.startsWith("{" + FIELD)) {
      return 0;
    }
    int start = 1 + FIELD.length();
    int end = start;
    while (end < json.length() && Character.isDigit(json.charAt(end))) {
      end++;
    }
    return end == start ? 0 : Long.parseLong(json.substring(start, end));
  }

  /** The JSON object with its {@code _rev} set to {@code rev} (replacing any it had). */
  static String stamp(String json, long rev) {
    String body = strip(json);
    String rest = body.substring(1);
    return "{" + FIELD + rev + (rest.startsWith("}") ? "" : ",") + rest;
  }

  private static String strip(String json) {
    if (!json.startsWith("{" + FIELD)) {
      return json;
    }
    int end = 1 + FIELD.length();
    while (end < json.length() && Character.isDigit(json.charAt(end))) {
      end++;
    }
    return "{" + (json.charAt(end) == ',' ? json.substring(end + 1) : json.substring(end));
  }
}
