package dev.weft.common.ipam;

import dev.weft.common.net.Cidr;
import dev.weft.common.net.Ipv4;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Finding the first aligned free subnet of a range, given taken CIDRs of any sizes. Taken CIDRs are merged into
 * sorted, disjoint address intervals once, then candidates skip whole intervals, so the cost is
 * O(t log t + t) rather than (candidates x taken).
 */
final class Ranges {
  private final long[] starts;
  private final long[] ends;

  private Ranges(long[] starts, long[] ends) {
    this.starts = starts;
    this.ends = ends;
  }

  /** The taken CIDRs as merged intervals; nulls are ignored. */
  static Ranges of(Collection<Cidr> taken) {
    List<Cidr> sorted = new ArrayList<>(taken.size());
    for (Cidr c : taken) {
      if (c != null) {
        sorted.add(c);
      }
    }
    sorted.sort(null);
    long[] starts = new long[sorted.size()];
    long[] ends = new long[sorted.size()];
    int n = 0;
    for (Cidr c : sorted) {
      long start = c.network().toLong();
      long end = c.broadcast().toLong();
      if (n > 0 && start <= ends[n - 1] + 1) {
        ends[n - 1] = Math.max(ends[n - 1], end);
      } else {
        starts[n] = start;
        ends[n] = end;
        n++;
      }
    }
    return new Ranges(Arrays.copyOf(starts, n), Arrays.copyOf(ends, n));
  }

  /** The first subnet of {@code range} with the given prefix that touches no interval; empty when none. */
  Optional<Cidr> firstFree(Cidr range, int prefix) {
    long size = 1L << (32 - prefix);
    long last = range.broadcast().toLong();
    long cursor = range.network().toLong();
    int i = firstEndingAtOrAfter(cursor);
    while (cursor + size - 1 <= last) {
      while (i < ends.length && ends[i] < cursor) {
        i++;
      }
      if (i < ends.length && starts[i] <= cursor + size - 1) {
        cursor = alignUp(ends[i] + 1, size);
        continue;
      }
      return Optional.of(Cidr.containing(Ipv4.of(cursor), prefix));
    }
    return Optional.empty();
  }

  private int firstEndingAtOrAfter(long address) {
    int lo = 0;
    int hi = ends.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (ends[mid] < address) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  private static long alignUp(long address, long size) {
    return (address + size - 1) / size * size;
  }
}
