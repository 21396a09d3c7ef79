package dev.weft.common.ipam;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.common.net.Cidr;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BlockAllocatorTest {
  private final BlockAllocator allocator = new BlockAllocator();

  @ParameterizedTest
  @CsvSource({"10.0.0.0/24, 26, 26", "10.0.0.0/28, 26, 28", "10.0.0.0/26, 26, 26", "10.0.0.0/16, 30, 30"})
  void effectivePrefixClampsToTheSubnet(String subnet, int requested, int effective) {
    assertThat(BlockAllocator.effectivePrefix(Cidr.parse(subnet), requested)).isEqualTo(effective);
  }

  @Test
  void aSubnetSmallerThanABlockIsOneBlock() {
    Cidr subnet = Cidr.parse("10.0.0.16/28");
    assertThat(allocator.next(subnet, 26, List.of())).contains(subnet);
    assertThat(allocator.next(subnet, 26, List.of(subnet))).isEmpty();
  }

  @Test
  void aSlashTwentyFourHasFourSlashTwentySixBlocks() {
    Cidr subnet = Cidr.parse("100.64.7.0/24");
    List<Cidr> taken = new ArrayList<>();
    Optional<Cidr> next;
    while ((next = allocator.next(subnet, 26, taken)).isPresent()) {
      taken.add(next.get());
    }
    assertThat(taken).extracting(Cidr::toString)
        .containsExactly("100.64.7.0/26", "100.64.7.64/26", "100.64.7.128/26", "100.64.7.192/26");
  }

  @Test
  void reusesAFreedBlockFirst() {
    Cidr subnet = Cidr.parse("10.0.0.0/24");
    assertThat(allocator.next(subnet, 26, List.of(Cidr.parse("10.0.0.64/26"), Cidr.parse("10.0.0.128/26"))))
        .contains(Cidr.parse("10.0.0.0/26"));
  }

  @Provide
  Arbitrary<List<Cidr>> blocks() {
    Cidr subnet = Cidr.parse("10.0.0.0/24");
    return Arbitraries.integers().between(26, 30)
        .flatMap(p -> Arbitraries.longs().between(0, subnet.subnetCount(p) - 1).map(i -> subnet.subnet(p, i)))
        .list().ofMaxSize(10);
  }

  @Property
  void untilExhaustionBlocksAreDistinctDisjointAndInside(@ForAll("blocks") List<Cidr> initiallyTaken,
                                                         @ForAll @IntRange(min = 20, max = 30) int blockPrefix) {
    Cidr subnet = Cidr.parse("10.0.0.0/24");
    int effective = BlockAllocator.effectivePrefix(subnet, blockPrefix);
    List<Cidr> taken = new ArrayList<>(initiallyTaken);
    List<Cidr> given = new ArrayList<>();
    Optional<Cidr> next;
    while ((next = allocator.next(subnet, blockPrefix, taken)).isPresent()) {
      Cidr block = next.get();
      assertThat(block.prefix()).isEqualTo(effective);
      assertThat(subnet.contains(block)).isTrue();
      assertThat(taken).noneMatch(block::overlaps);
      taken.add(block);
      given.add(block);
    }
    long free = subnet.subnets(effective).filter(c -> initiallyTaken.stream().noneMatch(c::overlaps)).count();
    assertThat(given).doesNotHaveDuplicates().hasSize((int) free);
    SubnetAllocatorTest.assertNoOverlaps(given);
  }
}
