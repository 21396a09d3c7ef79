package dev.weft.common.ipam;

import dev.weft.common.error.ValidationException;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;

/** Chooses VNIs for new networks from a range. Pure: it is given the VNIs in use and returns a decision. */
public final class VniAllocator {
  private final VniRange range;

  /**
   * @throws ValidationException when {@code min > max} or either is outside 1..16777215
   */
  public VniAllocator(int min, int max) {
    this(new VniRange(min, max));
  }

  /** Allocates from {@code range}. */
  public VniAllocator(VniRange range) {
    this.range = Objects.requireNonNull(range, "range");
  }

  /** The range allocated from. */
  public VniRange range() {
    return range;
  }

  /**
   * The lowest VNI of the range not in {@code used}. Costs O(used) at most: of any used.size() + 1 VNIs of the
   * range, one is free.
   *
   * @param used VNIs taken by any network, inside the range or not; not modified
   * @return empty when every VNI of the range is used
   */
  public OptionalInt next(Set<Integer> used) {
    long limit = Math.min((long) range.max(), (long) range.min() + used.size());
    for (int vni = range.min(); vni <= limit; vni++) {
      if (!used.contains(vni)) {
        return OptionalInt.of(vni);
      }
    }
    return OptionalInt.empty();
  }

  /**
   * Checks a VNI a user asked for: any of 1..16777215 is allowed, inside the allocation range or not.
   *
   * @return {@code vni}
   * @throws ValidationException (field {@code vni}) when it is outside 1..16777215
   */
  public static int requireValid(int vni) {
    if (vni < 1 || vni > VniRange.MAX_VNI) {
      throw new ValidationException("vni", Integer.toString(vni), "1.." + VniRange.MAX_VNI);
    }
    return vni;
  }
}
