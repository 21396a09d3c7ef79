package dev.weft.common.ipam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.common.error.ValidationException;
import java.util.HashSet;
import java.util.OptionalInt;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class VniAllocatorTest {

  @Test
  void givesTheLowestFreeVni() {
    VniAllocator allocator = new VniAllocator(256, 4095);
    assertThat(allocator.next(Set.of())).hasValue(256);
    assertThat(allocator.next(Set.of(256, 257, 259, 1, 5000))).hasValue(258);
    assertThat(new VniAllocator(5, 5).next(Set.of(5))).isEmpty();
  }

  @Property
  void untilExhaustionVnisAreDistinctInRangeAndUnused(
      @ForAll @Size(max = 30) Set<@IntRange(min = 1, max = 60) Integer> initiallyUsed,
      @ForAll @IntRange(min = 1, max = 40) int min, @ForAll @IntRange(min = 0, max = 20) int width) {
    VniAllocator allocator = new VniAllocator(min, min + width);
    Set<Integer> used = new HashSet<>(initiallyUsed);
    int given = 0;
    OptionalInt next;
    while ((next = allocator.next(used)).isPresent()) {
      int vni = next.getAsInt();
      assertThat(vni).isBetween(min, min + width).isNotIn(used);
      used.add(vni);
      given++;
    }
    long freeAtStart = java.util.stream.IntStream.rangeClosed(min, min + width)
        .filter(v -> !initiallyUsed.contains(v)).count();
    assertThat(given).isEqualTo((int) freeAtStart);
  }

  @ParameterizedTest
  @CsvSource({"0, 10", "1, 16777216", "10, 9", "-5, 5"})
  void rejectsBadRanges(int min, int max) {
    assertThatThrownBy(() -> new VniAllocator(min, max)).isInstanceOf(ValidationException.class)
        .hasMessage("vni-range: " + min + "-" + max
            + " (expected: a range like 256-4095 within 1..16777215, first not above last)");
  }

  @Test
  void theWholeVxlanSpaceIsAllowed() {
    assertThat(new VniAllocator(1, 16777215).range().size()).isEqualTo(16777215);
  }

  @ParameterizedTest
  @CsvSource({"256-4095, 256, 4095", "300, 300, 300", " 5 - 9 , 5, 9", "4096-16777215, 4096, 16777215"})
  void parsesRanges(String text, int min, int max) {
    assertThat(VniRange.parse(text)).isEqualTo(new VniRange(min, max));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "a-b", "4095-256", "0-10", "1-16777216", "-5", "1-2-3", "256..4095", "99999999999"})
  void rejectsBadRangeText(String text) {
    assertThatThrownBy(() -> VniRange.parse(text)).isInstanceOf(ValidationException.class)
        .hasMessageStartingWith("vni-range: ");
  }

  @Test
  void requireValidNamesTheVni() {
    assertThat(VniAllocator.requireValid(4096)).isEqualTo(4096);
    assertThatThrownBy(() -> VniAllocator.requireValid(0)).hasMessage("vni: 0 (expected: 1..16777215)");
    assertThatThrownBy(() -> VniAllocator.requireValid(16777216))
        .hasMessage("vni: 16777216 (expected: 1..16777215)");
  }

  @Test
  void rangeFormatsAsItParses() {
    assertThat(VniRange.DEFAULT).hasToString("256-4095");
    assertThat(VniRange.DEFAULT.contains(4095)).isTrue();
    assertThat(VniRange.DEFAULT.contains(4096)).isFalse();
  }
}
