package dev.weft.common.ipam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.common.net.Cidr;
import dev.weft.common.net.Ipv4;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class SubnetAllocatorTest {
  private static final Cidr POOL = Cidr.parse("10.0.0.0/22");

  @Test
  void handsOutTheFirstFreeAlignedSubnet() {
    SubnetAllocator allocator = new SubnetAllocator(List.of(Cidr.parse("100.64.0.0/10")), 24);
    assertThat(allocator.next(List.of())).contains(Cidr.parse("100.64.0.0/24"));
    assertThat(allocator.next(List.of(Cidr.parse("100.64.0.0/24")))).contains(Cidr.parse("100.64.1.0/24"));
    // a small taken subnet in the middle of a /24 blocks that whole /24
    assertThat(allocator.next(List.of(Cidr.parse("100.64.0.0/24"), Cidr.parse("100.64.1.128/28"))))
        .contains(Cidr.parse("100.64.2.0/24"));
    // a large taken subnet is skipped in one step
    assertThat(allocator.next(List.of(Cidr.parse("100.64.0.0/11")))).contains(Cidr.parse("100.96.0.0/24"));
    // taken space outside the pools does not matter
    assertThat(allocator.next(List.of(Cidr.parse("10.0.0.0/8")))).contains(Cidr.parse("100.64.0.0/24"));
  }

  @Test
  void movesOnToTheNextPoolWhenOneIsFull() {
    SubnetAllocator allocator = new SubnetAllocator(
        List.of(Cidr.parse("10.0.0.0/24"), Cidr.parse("192.0.2.0/24")), 25);
    assertThat(allocator.next(List.of(Cidr.parse("10.0.0.0/24")))).contains(Cidr.parse("192.0.2.0/25"));
    assertThat(allocator.next(List.of(Cidr.parse("0.0.0.0/0")))).isEmpty();
  }

  @Test
  void refusesPoolsThatCannotHoldASubnet() {
    assertThatThrownBy(() -> new SubnetAllocator(List.of(), 24)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new SubnetAllocator(List.of(Cidr.parse("10.0.0.0/25")), 24))
        .hasMessageContaining("pool: 10.0.0.0/25");
    assertThatThrownBy(() -> new SubnetAllocator(List.of(POOL), 33)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void conflictNamesTheOverlappingNetwork() {
    Map<String, Cidr> taken = Map.of("blue", Cidr.parse("10.1.0.0/16"), "red", Cidr.parse("10.2.0.0/24"),
        "green", Cidr.parse("10.2.0.0/16"));
    assertThat(SubnetAllocator.conflict(Cidr.parse("10.1.5.0/24"), taken)).contains("blue");
    assertThat(SubnetAllocator.conflict(Cidr.parse("10.2.0.0/25"), taken)).contains("green");
    assertThat(SubnetAllocator.conflict(Cidr.parse("10.0.0.0/8"), taken)).contains("blue");
    assertThat(SubnetAllocator.conflict(Cidr.parse("10.3.0.0/24"), taken)).isEmpty();
    assertThat(SubnetAllocator.conflict(Cidr.parse("10.3.0.0/24"), Map.of())).isEmpty();
  }

  @Provide
  Arbitrary<List<Cidr>> takenInAndAroundPool() {
    Arbitrary<Cidr> cidr = Combinators.combine(Arbitraries.integers().between(0, 2047),
            Arbitraries.integers().between(20, 32))
        .as((offset, prefix) -> Cidr.containing(Ipv4.parse("9.255.252.0").plus(offset), prefix));
    return cidr.list().ofMaxSize(12);
  }

  @Property
  void nextMatchesFirstFitByBruteForce(@ForAll("takenInAndAroundPool") List<Cidr> taken,
                                       @ForAll @IntRange(min = 22, max = 28) int prefix) {
    SubnetAllocator allocator = new SubnetAllocator(List.of(POOL), prefix);
    Optional<Cidr> expected = POOL.subnets(prefix).filter(c -> taken.stream().noneMatch(c::overlaps)).findFirst();
    assertThat(allocator.next(taken)).isEqualTo(expected);
  }

  @Property
  void allocatingUntilExhaustionGivesDistinctDisjointSubnets(
      @ForAll("takenInAndAroundPool") List<Cidr> initiallyTaken, @ForAll @IntRange(min = 22, max = 28) int prefix) {
    SubnetAllocator allocator = new SubnetAllocator(List.of(POOL), prefix);
    List<Cidr> taken = new ArrayList<>(initiallyTaken);
    List<Cidr> given = new ArrayList<>();
    Optional<Cidr> next;
    while ((next = allocator.next(taken)).isPresent()) {
      Cidr subnet = next.get();
      assertThat(subnet.prefix()).isEqualTo(prefix);
      assertThat(POOL.contains(subnet)).isTrue();
      assertThat(taken).noneMatch(subnet::overlaps);
      taken.add(subnet);
      given.add(subnet);
    }
    assertThat(given).doesNotHaveDuplicates();
    long free = POOL.subnets(prefix).filter(c -> initiallyTaken.stream().noneMatch(c::overlaps)).count();
    assertThat(given).hasSize((int) free);
    assertNoOverlaps(given);
  }

  static void assertNoOverlaps(Collection<Cidr> cidrs) {
    List<Cidr> list = List.copyOf(cidrs);
    for (int i = 0; i < list.size(); i++) {
      for (int j = i + 1; j < list.size(); j++) {
        assertThat(list.get(i).overlaps(list.get(j))).as("%s and %s", list.get(i), list.get(j)).isFalse();
      }
    }
  }
}
