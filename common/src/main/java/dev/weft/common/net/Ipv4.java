package dev.weft.common.net;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.weft.common.internal.Texts;
import java.io.Serializable;

/**
 * An IPv4 address held as its 32 bits. Compares as an unsigned number, so 10.0.0.1 sorts before 200.0.0.1.
 * In JSON it is its dotted-quad string.
 *
 * @param bits the address in network order packed into an int (10.0.0.1 is {@code 0x0A000001})
 */
public record Ipv4(int bits) implements Serializable, Comparable<Ipv4> {
  /** Number of IPv4 addresses: 2^32. */
  public static final long SPACE = 1L << 32;

  /**
   * Parses a strict dotted quad: four decimal numbers 0..255 without signs, spaces or leading zeros (so that
   * {@code 010.0.0.1} is not silently read as octal or decimal).
   *
   * @throws IllegalArgumentException when {@code text} is null or not such an address; the message quotes it
   */
  @JsonCreator
  public static Ipv4 parse(String text) {
    if (text == null) {
      throw new IllegalArgumentException("not an IPv4 address: null (expected: a dotted quad like 10.0.0.1)");
    }
    int bits = 0;
    int part = 0;
    int start = 0;
    for (int i = 0; i <= text.length(); i++) {
      if (i == text.length() || text.charAt(i) == '.') {
        int octet = octet(text, start, i);
        if (octet < 0 || part > 3) {
          throw bad(text);
        }
        bits = (bits << 8) | octet;
        part++;
        start = i + 1;
      }
    }
    if (part != 4) {
      throw bad(text);
    }
    return new Ipv4(bits);
  }

  /**
   * The address with the given unsigned value.
   *
   * @throws IllegalArgumentException when {@code value} is outside 0..2^32-1
   */
  public static Ipv4 of(long value) {
    if (value < 0 || value >= SPACE) {
      throw new IllegalArgumentException("IPv4 value: " + value + " (expected: 0.." + (SPACE - 1) + ")");
    }
    return new Ipv4((int) value);
  }

  /** The address as an unsigned number 0..2^32-1. */
  public long toLong() {
    return Integer.toUnsignedLong(bits);
  }

  /**
   * The address {@code delta} further on (or back, when negative).
   *
   * @throws IllegalArgumentException when the result would leave 0.0.0.0..255.255.255.255
   */
  public Ipv4 plus(long delta) {
    long value = toLong() + delta;
    if (value < 0 || value >= SPACE) {
      throw new IllegalArgumentException(this + " plus " + delta + " is outside the IPv4 space");
    }
    return new Ipv4((int) value);
  }

  /** The four bytes, most significant first, each 0..255. */
  public int[] octets() {
    return new int[] {bits >>> 24, (bits >>> 16) & 0xff, (bits >>> 8) & 0xff, bits & 0xff};
  }

  @Override
  public int compareTo(Ipv4 other) {
    return Integer.compareUnsigned(bits, other.bits);
  }

  /** The dotted quad, for example {@code 10.0.0.1}. */
  @JsonValue
  @Override
  public String toString() {
    return (bits >>> 24) + "." + ((bits >>> 16) & 0xff) + "." + ((bits >>> 8) & 0xff) + "." + (bits & 0xff);
  }

  /** The octet in text[start, end), or -1 when it is not 1-3 digits without a leading zero, at most 255. */
  private static int octet(String text, int start, int end) {
    int length = end - start;
    if (length < 1 || length > 3 || (length > 1 && text.charAt(start) == '0')) {
      return -1;
    }
    int value = 0;
    for (int i = start; i < end; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value <= 255 ? value : -1;
  }

  private static IllegalArgumentException bad(String text) {
    return new IllegalArgumentException(
        "not an IPv4 address: " + Texts.quote(text) + " (expected: a dotted quad like 10.0.0.1)");
  }
}
