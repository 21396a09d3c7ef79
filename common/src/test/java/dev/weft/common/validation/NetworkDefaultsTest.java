package dev.weft.common.validation;

import dev.weft.common.error.ValidationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.common.ipam.VniRange;
import dev.weft.common.net.Cidr;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NetworkDefaultsTest {

  @Test
  void defaultsAreTheDocumentedOnes() {
    NetworkDefaults d = NetworkDefaults.DEFAULTS;
    assertThat(d.pools()).containsExactly(Cidr.parse("100.64.0.0/10"));
    assertThat(d.subnetPrefix()).isEqualTo(24);
    assertThat(d.vnis()).isEqualTo(new VniRange(256, 4095));
    assertThat(d.blockPrefix()).isEqualTo(26);
    assertThat(NetworkDefaults.parse(null, null, null, null)).isEqualTo(d);
    assertThat(NetworkDefaults.parse(" ", "", " ", "")).isEqualTo(d);
    assertThat(d.subnetAllocator().next(List.of())).contains(Cidr.parse("100.64.0.0/24"));
    assertThat(d.vniAllocator().next(java.util.Set.of())).hasValue(256);
  }

  @Test
  void parsesEverySetting() {
    NetworkDefaults d = NetworkDefaults.parse("100.64.0.0/10, 198.18.0.0/15", "/20", "1000-1999", "28");
    assertThat(d.pools()).containsExactly(Cidr.parse("100.64.0.0/10"), Cidr.parse("198.18.0.0/15"));
    assertThat(d.poolsText()).isEqualTo("100.64.0.0/10,198.18.0.0/15");
    assertThat(d.subnetPrefix()).isEqualTo(20);
    assertThat(d.vnis()).isEqualTo(new VniRange(1000, 1999));
    assertThat(d.blockPrefix()).isEqualTo(28);
  }

  @Test
  void aVniRangeIntoDockersSpaceIsAllowed() {
    assertThat(NetworkDefaults.parse(null, null, "4000-5000", null).vnis().max()).isEqualTo(5000);
  }

  @Test
  void aBlockPrefixLargerThanTheSubnetsIsAllowedAndClampedLater() {
    assertThat(NetworkDefaults.parse(null, "28", null, "26").blockPrefix()).isEqualTo(26);
  }

  @ParameterizedTest(name = "{0} {1} {2} {3}")
  @CsvSource(delimiter = ';', value = {
      "10.0.0.1/8;;;;                         pool: 10.0.0.1/8 (expected: a network address without host bits, like 10.0.0.0/8)",
      "100.64.0.0/10,,198.18.0.0/15;;;;       pool: \"\" (expected: an IPv4 network like 10.10.0.0/24)",
      "100.64.0.0/10,100.64.0.0/16;;;;        pool: 100.64.0.0/16 (expected: pools that do not overlap (it overlaps 100.64.0.0/10))",
      "10.0.0.0/25;;;;                        pool: 10.0.0.0/25 (expected: a pool of /24 or larger, to hold /24 subnets, like 10.0.0.0/24)",
      "10.0.0.0/28;24;;;                      pool: 10.0.0.0/28 (expected: a pool of /24 or larger, to hold /24 subnets, like 10.0.0.0/24)",
      "224.0.0.0/8;;;;                        pool: 224.0.0.0/8 (expected: a unicast range",
      "0.0.0.0/0;;;;                          pool: 0.0.0.0/0 (expected: a prefix of /8 or longer)",
      ";30;;;                                 subnet-prefix: 30 (expected: 8..29)",
      ";7;;;                                  subnet-prefix: 7 (expected: 8..29)",
      ";abc;;;                                subnet-prefix: abc (expected: a prefix length like 24 or /24)",
      ";;4095-256;;                           vni-range: 4095-256 (expected: a range like 256-4095 within 1..16777215, first not above last)",
      ";;0-100;;                              vni-range: 0-100",
      ";;1-16777216;;                         vni-range: 1-16777216",
      ";;;31;                                 block-prefix: 31 (expected: 8..30)",
      ";;;x;                                  block-prefix: x (expected: a prefix length like 24 or /24)",
  })
  void rejectsBadSettings(String pools, String subnetPrefix, String vniRange, String blockPrefix, String message) {
    assertThatThrownBy(() -> NetworkDefaults.parse(pools, subnetPrefix, vniRange, blockPrefix))
        .isInstanceOf(ValidationException.class)
        .hasMessageStartingWith(message.strip());
  }

  /** Issue 12: {@code blockPrefix: 8} without a subnet was taken and silently became 24 (the allocated /24). */
  @ParameterizedTest(name = "{0} with {1} subnets")
  @CsvSource(delimiter = ';', value = {
      "8;   24; blockPrefix: 8 (expected: 24..30: without a subnet the network gets a /24 from the pool "
          + "100.64.0.0/10; give a subnet of /8 or larger for /8 blocks)",
      "23;  24; blockPrefix: 23 (expected: 24..30",
      "15;  16; blockPrefix: 15 (expected: 16..30: without a subnet the network gets a /16",
      "24;  24; ",
      "30;  24; ",
      "16;  16; "})
  void aBlockLargerThanTheAllocatedSubnetIsRefused(int blockPrefix, int subnetPrefix, String refusal) {
    NetworkDefaults defaults = NetworkDefaults.parse(null, Integer.toString(subnetPrefix), null, null);
    NetworkRequest request = new NetworkRequest("a", null, null, null, false, null, blockPrefix);
    if (refusal == null) {
      assertThat(defaults.requireBlockFits(request)).isSameAs(request);
    } else {
      assertThatThrownBy(() -> defaults.requireBlockFits(request)).isInstanceOf(ValidationException.class)
          .hasMessageStartingWith(refusal.strip());
    }
  }

  @Test
  void aGivenSubnetDecidesTheBlockRangeItself() {
    NetworkRequest request = new NetworkRequest("a", Cidr.parse("10.0.0.0/8"), null, null, false, null, 8);
    assertThat(NetworkDefaults.DEFAULTS.requireBlockFits(request)).isSameAs(request);
    NetworkRequest unset = new NetworkRequest("a", null, null, null, false, null, null);
    assertThat(NetworkDefaults.DEFAULTS.requireBlockFits(unset)).isSameAs(unset);
  }
}
