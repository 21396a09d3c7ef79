package dev.weft.coordinator.distribution;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * One encoded message for many agents: the JSON text and its UTF-8 bytes, made once. A link that can send the bytes
 * as they are shares them with every other link instead of encoding its own copy: a 600 KB snapshot sent to 5,000
 * reconnecting agents was 5,000 copies in the heap at once and ran a 4 GiB coordinator out of memory (issue 8).
 */
public final class Outgoing {
  private final String text;
  private final byte[] utf8;

  public Outgoing(String text) {
    this.text = Objects.requireNonNull(text, "text");
    this.utf8 = text.getBytes(StandardCharsets.UTF_8);
  }

  public String text() {
    return text;
  }

  /** The UTF-8 bytes; shared, never to be modified. */
  public byte[] utf8() {
    return utf8;
  }
}
