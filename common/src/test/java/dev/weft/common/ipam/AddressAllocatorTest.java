package dev.weft.common.ipam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.common.net.Cidr;
import dev.weft.common.net.Ipv4;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class AddressAllocatorTest {
  private final AddressAllocator allocator = new AddressAllocator();

  @Test
  void skipsTheSubnetNetworkAddressButNotABlockBoundary() {
    Cidr subnet = Cidr.parse("10.0.0.0/24");
    assertThat(allocator.next(Cidr.parse("10.0.0.0/26"), subnet, Set.of())).contains(Ipv4.parse("10.0.0.1"));
    assertThat(allocator.next(Cidr.parse("10.0.0.64/26"), subnet, Set.of())).contains(Ipv4.parse("10.0.0.64"));
    assertThat(allocator.capacity(Cidr.parse("10.0.0.0/26"), subnet)).isEqualTo(63);
    assertThat(allocator.capacity(Cidr.parse("10.0.0.64/26"), subnet)).isEqualTo(64);
    assertThat(allocator.capacity(Cidr.parse("10.0.0.192/26"), subnet)).isEqualTo(63);
    assertThat(allocator.capacity(subnet, subnet)).isEqualTo(254);
  }

  @Test
  void neverGivesTheBroadcastAddress() {
    Cidr subnet = Cidr.parse("10.0.0.0/24");
    Cidr block = Cidr.parse("10.0.0.252/30");
    assertThat(allocator.next(block, subnet, Set.of(Ipv4.parse("10.0.0.252"), Ipv4.parse("10.0.0.253"))))
        .contains(Ipv4.parse("10.0.0.254"));
    assertThat(allocator.next(block, subnet, Set.of(Ipv4.parse("10.0.0.252"), Ipv4.parse("10.0.0.253"),
        Ipv4.parse("10.0.0.254")))).isEmpty();
  }

  @Test
  void pointToPointSubnetsUseEveryAddress() {
    Cidr subnet = Cidr.parse("10.0.0.2/31");
    assertThat(allocator.next(subnet, subnet, Set.of())).contains(Ipv4.parse("10.0.0.2"));
    assertThat(allocator.capacity(subnet, subnet)).isEqualTo(2);
  }

  @Test
  void refusesABlockOutsideTheSubnet() {
    assertThatThrownBy(() -> allocator.next(Cidr.parse("10.0.1.0/26"), Cidr.parse("10.0.0.0/24"), Set.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("block: 10.0.1.0/26 (expected: a block inside 10.0.0.0/24)");
  }

  @Property
  void untilExhaustionAddressesAreDistinctUsableAndInTheBlock(
      @ForAll @IntRange(min = 24, max = 30) int subnetPrefix, @ForAll @IntRange(min = 0, max = 6) int extra,
      @ForAll @IntRange(min = 0, max = 255) int blockIndexSeed,
      @ForAll @Size(max = 20) Set<@IntRange(min = 0, max = 255) Integer> usedOffsets) {
    Cidr subnet = Cidr.parse("10.9.8.0/24").subnet(subnetPrefix, 0);
    int blockPrefix = Math.min(32, subnetPrefix + extra);
    Cidr block = subnet.subnet(blockPrefix, blockIndexSeed % subnet.subnetCount(blockPrefix));
    Set<Ipv4> used = new HashSet<>();
    usedOffsets.forEach(o -> used.add(Ipv4.parse("10.9.8.0").plus(o)));
    long usableAtStart = 0;
    for (long i = 0; i < block.size(); i++) {
      if (AddressAllocator.usable(block.address(i), subnet) && !used.contains(block.address(i))) {
        usableAtStart++;
      }
    }
    int given = 0;
    Optional<Ipv4> next;
    while ((next = allocator.next(block, subnet, used)).isPresent()) {
      Ipv4 ip = next.get();
      assertThat(block.contains(ip)).isTrue();
      assertThat(ip).isNotEqualTo(subnet.network()).isNotEqualTo(subnet.broadcast()).isNotIn(used);
      used.add(ip);
      given++;
    }
    assertThat(given).isEqualTo(usableAtStart);
    if (usedOffsets.isEmpty()) {
      assertThat((long) given).isEqualTo(allocator.capacity(block, subnet));
    }
  }
}
