package dev.weft.common.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CidrTest {

  @Property
  void canonicalFormRoundTrips(@ForAll int bits, @ForAll @IntRange(min = 0, max = 32) int prefix) {
    Cidr cidr = Cidr.containing(new Ipv4(bits), prefix);
    assertThat(Cidr.parse(cidr.toString())).isEqualTo(cidr);
    assertThat(cidr.toString()).isEqualTo(cidr.network() + "/" + prefix);
  }

  @Property
  void containsItsOwnAddressesAndNothingNext(@ForAll int bits, @ForAll @IntRange(min = 1, max = 32) int prefix) {
    Cidr cidr = Cidr.containing(new Ipv4(bits), prefix);
    assertThat(cidr.contains(new Ipv4(bits))).isTrue();
    assertThat(cidr.contains(cidr.network())).isTrue();
    assertThat(cidr.contains(cidr.broadcast())).isTrue();
    assertThat(cidr.broadcast().toLong() - cidr.network().toLong() + 1).isEqualTo(cidr.size());
    if (cidr.network().toLong() > 0) {
      assertThat(cidr.contains(cidr.network().plus(-1))).isFalse();
    }
    if (cidr.broadcast().toLong() < Ipv4.SPACE - 1) {
      assertThat(cidr.contains(cidr.broadcast().plus(1))).isFalse();
    }
  }

  @Test
  void knownValues() {
    Cidr cidr = Cidr.parse("10.1.2.0/24");
    assertThat(cidr.network()).isEqualTo(Ipv4.parse("10.1.2.0"));
    assertThat(cidr.prefix()).isEqualTo(24);
    assertThat(cidr.size()).isEqualTo(256);
    assertThat(cidr.broadcast()).isEqualTo(Ipv4.parse("10.1.2.255"));
    assertThat(cidr.address(0)).isEqualTo(cidr.network());
    assertThat(cidr.address(255)).isEqualTo(cidr.broadcast());
    assertThat(Cidr.parse("0.0.0.0/0").size()).isEqualTo(1L << 32);
    assertThat(Cidr.parse("0.0.0.0/0").broadcast()).isEqualTo(Ipv4.parse("255.255.255.255"));
    assertThat(Cidr.parse("1.2.3.4/32").size()).isEqualTo(1);
    assertThat(Cidr.containing(Ipv4.parse("10.1.2.3"), 16)).isEqualTo(Cidr.parse("10.1.0.0/16"));
    assertThat(Cidr.mask(24)).isEqualTo(0xFFFFFF00);
    assertThat(Cidr.mask(0)).isZero();
  }

  @Test
  void addressIndexIsBounded() {
    Cidr cidr = Cidr.parse("10.0.0.0/30");
    assertThatThrownBy(() -> cidr.address(4)).isInstanceOf(IndexOutOfBoundsException.class)
        .hasMessageContaining("0..3");
    assertThatThrownBy(() -> cidr.address(-1)).isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void hostBitsAreRefusedWithTheMaskedForm() {
    assertThatThrownBy(() -> Cidr.parse("10.0.0.1/24"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("10.0.0.1/24 has host bits set (expected: 10.0.0.0/24)");
    assertThatThrownBy(() -> new Cidr(Ipv4.parse("10.0.0.128"), 24))
        .hasMessage("10.0.0.128/24 has host bits set (expected: 10.0.0.0/24)");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "10.0.0.0", "10.0.0.0/", "10.0.0.0/33", "10.0.0.0/-1", "10.0.0.0/+8",
      "10.0.0.0/08", "10.0.0.0/024", "10.0.0/24", "10.0.0.0 /24", "10.0.0.0/ 24", "10.0.0.0/24 ", "/24",
      "10.0.0.0/24/24", "010.0.0.0/24", "10.0.0.0/a", "10.0.0.0\\24"})
  void rejectsMalformed(String text) {
    assertThatThrownBy(() -> Cidr.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("not a CIDR: ");
  }

  @Test
  void rejectsNullAndBadPrefixInConstructor() {
    assertThatThrownBy(() -> Cidr.parse(null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Cidr(Ipv4.parse("0.0.0.0"), 33)).hasMessage("prefix: 33 (expected: 0..32)");
    assertThatThrownBy(() -> new Cidr(null, 8)).isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @CsvSource({
      "10.0.0.0/8, 10.1.0.0/16, true",
      "10.0.0.0/16, 10.1.0.0/16, false",
      "10.0.0.0/24, 10.0.0.128/25, true",
      "10.0.0.0/25, 10.0.0.128/25, false",
      "0.0.0.0/0, 255.255.255.255/32, true",
      "10.0.0.4/30, 10.0.0.4/30, true",
  })
  void overlapsKnownCases(String a, String b, boolean overlaps) {
    assertThat(Cidr.parse(a).overlaps(Cidr.parse(b))).isEqualTo(overlaps);
    assertThat(Cidr.parse(b).overlaps(Cidr.parse(a))).isEqualTo(overlaps);
  }

  /** CIDRs inside 10.0.0.0/24, where overlap and containment can be checked address by address. */
  @Provide
  Arbitrary<Cidr> small() {
    return Combinators.combine(Arbitraries.integers().between(0, 255), Arbitraries.integers().between(24, 32))
        .as((host, prefix) -> Cidr.containing(Ipv4.parse("10.0.0.0").plus(host), prefix));
  }

  @Property
  void overlapsAndContainsMatchBruteForce(@ForAll("small") Cidr a, @ForAll("small") Cidr b) {
    Set<Ipv4> as = addresses(a);
    Set<Ipv4> bs = addresses(b);
    Set<Ipv4> both = new HashSet<>(as);
    both.retainAll(bs);
    assertThat(a.overlaps(b)).isEqualTo(!both.isEmpty());
    assertThat(a.overlaps(b)).isEqualTo(b.overlaps(a));
    assertThat(a.contains(b)).isEqualTo(as.containsAll(bs));
  }

  @Property
  void subnetsTileTheNetworkInOrder(@ForAll("small") Cidr cidr, @ForAll @IntRange(min = 0, max = 8) int extra) {
    int sub = Math.min(32, cidr.prefix() + extra);
    List<Cidr> subnets = cidr.subnets(sub).toList();
    assertThat(subnets).hasSize((int) cidr.subnetCount(sub)).isSorted();
    assertThat(subnets).allSatisfy(s -> assertThat(cidr.contains(s)).isTrue());
    Set<Ipv4> covered = subnets.stream().flatMap(s -> addresses(s).stream()).collect(Collectors.toSet());
    assertThat(covered).isEqualTo(addresses(cidr));
    for (int i = 1; i < subnets.size(); i++) {
      assertThat(subnets.get(i - 1).overlaps(subnets.get(i))).isFalse();
    }
  }

  @Test
  void subnetsAreLazy() {
    assertThat(Cidr.parse("0.0.0.0/0").subnets(32).skip(5).findFirst()).contains(Cidr.parse("0.0.0.5/32"));
    assertThat(Cidr.parse("10.0.0.0/8").subnet(24, 2)).isEqualTo(Cidr.parse("10.0.2.0/24"));
    assertThat(Cidr.parse("10.0.0.0/8").subnets(8).toList()).containsExactly(Cidr.parse("10.0.0.0/8"));
    assertThatThrownBy(() -> Cidr.parse("10.0.0.0/8").subnets(7)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("prefix: 7 (expected: 8..32 within 10.0.0.0/8)");
    assertThatThrownBy(() -> Cidr.parse("10.0.0.0/8").subnets(33)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void sortsByAddressThenLargerFirst() {
    List<Cidr> sorted = new java.util.ArrayList<>(List.of(Cidr.parse("10.0.1.0/24"), Cidr.parse("10.0.0.0/24"),
        Cidr.parse("10.0.0.0/16"), Cidr.parse("200.0.0.0/8")));
    sorted.sort(null);
    assertThat(sorted).extracting(Cidr::toString)
        .containsExactly("10.0.0.0/16", "10.0.0.0/24", "10.0.1.0/24", "200.0.0.0/8");
  }

  @Test
  void isAStringInJson() throws Exception {
    ObjectMapper mapper = new ObjectMapper();
    assertThat(mapper.writeValueAsString(Cidr.parse("10.1.0.0/16"))).isEqualTo("\"10.1.0.0/16\"");
    assertThat(mapper.readValue("\"10.1.0.0/16\"", Cidr.class)).isEqualTo(Cidr.parse("10.1.0.0/16"));
  }

  private static Set<Ipv4> addresses(Cidr cidr) {
    Set<Ipv4> out = new HashSet<>();
    for (long i = 0; i < cidr.size(); i++) {
      out.add(cidr.address(i));
    }
    return out;
  }
}
