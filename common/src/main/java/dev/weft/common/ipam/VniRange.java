package dev.weft.common.ipam;

import dev.weft.common.error.ValidationException;
import java.io.Serializable;

/**
 * An inclusive range of VXLAN network identifiers, within the 24 bits VXLAN has (RFC 7348 section 5): 1..16777215
 * (0 is left out: some kernels and switches treat it as "no VNI").
 *
 * <p>Weft's default is 256-4095 because Docker's overlay driver allocates its VNIs from 4096 up. A range reaching
 * 4096 and beyond is allowed: Weft's VXLAN devices use their own UDP port (4800, not Docker's 4789), so equal VNIs
 * do not meet on the wire, but an operator reading both sets of devices will be glad not to see the same numbers.
 *
 * @param min the first VNI, 1..max
 * @param max the last VNI, min..16777215
 */
public record VniRange(int min, int max) implements Serializable {
  /** The largest VNI: 2^24 - 1. */
  public static final int MAX_VNI = (1 << 24) - 1;
  /** Weft's default range, clear of Docker's overlay VNIs. */
  public static final VniRange DEFAULT = new VniRange(256, 4095);
  /** What {@link #parse} accepts, for messages. */
  public static final String EXPECTED = "a range like 256-4095 within 1..16777215, first not above last";

  /** @throws ValidationException (field {@code vni-range}) when the bounds are out of order or out of 1..16777215 */
  public VniRange {
    if (min < 1 || max > MAX_VNI || min > max) {
      throw new ValidationException("vni-range", min + "-" + max, EXPECTED);
    }
  }

  /**
   * Parses {@code "256-4095"}, or a single VNI {@code "300"} for a range of one.
   *
   * @throws ValidationException (field {@code vni-range}) when {@code text} is null or not such a range
   */
  public static VniRange parse(String text) {
    if (text == null) {
      throw new ValidationException("vni-range", null, EXPECTED);
    }
    String trimmed = text.strip();
    int dash = trimmed.indexOf('-', 1);
    try {
      if (dash < 0) {
        int only = Integer.parseInt(trimmed);
        return new VniRange(only, only);
      }
      return new VniRange(Integer.parseInt(trimmed.substring(0, dash).strip()),
          Integer.parseInt(trimmed.substring(dash + 1).strip()));
    } catch (NumberFormatException | ValidationException e) {
      throw new ValidationException("vni-range", text, EXPECTED);
    }
  }

  /** Whether {@code vni} is in this range. */
  public boolean contains(int vni) {
    return vni >= min && vni <= max;
  }

  /** Number of VNIs in the range. */
  public int size() {
    return max - min + 1;
  }

  /** {@code min-max}, which {@link #parse} reads back. */
  @Override
  public String toString() {
    return min + "-" + max;
  }
}
