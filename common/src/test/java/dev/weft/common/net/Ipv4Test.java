package dev.weft.common.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class Ipv4Test {

  @Property
  void formatThenParseIsIdentity(@ForAll int bits) {
    Ipv4 ip = new Ipv4(bits);
    assertThat(Ipv4.parse(ip.toString())).isEqualTo(ip);
  }

  @Property
  void comparesAsUnsigned(@ForAll int a, @ForAll int b) {
    assertThat(Integer.signum(new Ipv4(a).compareTo(new Ipv4(b))))
        .isEqualTo(Long.signum(Integer.toUnsignedLong(a) - Integer.toUnsignedLong(b)));
  }

  @Test
  void parsesEdgesAndKnownValues() {
    assertThat(Ipv4.parse("0.0.0.0").toLong()).isZero();
    assertThat(Ipv4.parse("255.255.255.255").toLong()).isEqualTo(0xFFFFFFFFL);
    assertThat(Ipv4.parse("10.0.0.1").bits()).isEqualTo(0x0A000001);
    assertThat(Ipv4.parse("200.1.2.3")).isGreaterThan(Ipv4.parse("10.9.9.9"));
    assertThat(Ipv4.parse("192.168.1.10").octets()).containsExactly(192, 168, 1, 10);
  }

  @ParameterizedTest
  @NullSource
  @ValueSource(strings = {"", "1.2.3", "1.2.3.4.5", "01.2.3.4", "1.2.3.00", "256.0.0.1", "1.2.3.1000",
      " 1.2.3.4", "1.2.3.4 ", "1..3.4", ".1.2.3", "1.2.3.", "a.b.c.d", "+1.2.3.4", "1.2.3.-4", "1.2.3.4/32",
      "0x1.2.3.4", "１.2.3.4", "1.2.3.4\n"})
  void rejectsAnythingButAStrictDottedQuad(String text) {
    assertThatThrownBy(() -> Ipv4.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("not an IPv4 address: ")
        .hasMessageContaining("expected: a dotted quad");
  }

  @Test
  void plusMovesAndRefusesToLeaveTheSpace() {
    assertThat(Ipv4.parse("10.0.0.255").plus(1)).isEqualTo(Ipv4.parse("10.0.1.0"));
    assertThat(Ipv4.parse("10.0.1.0").plus(-1)).isEqualTo(Ipv4.parse("10.0.0.255"));
    assertThatThrownBy(() -> Ipv4.parse("255.255.255.255").plus(1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Ipv4.parse("0.0.0.0").plus(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Ipv4.of(1L << 32)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void isAStringInJson() throws Exception {
    ObjectMapper mapper = new ObjectMapper();
    assertThat(mapper.writeValueAsString(Ipv4.parse("10.1.2.3"))).isEqualTo("\"10.1.2.3\"");
    assertThat(mapper.readValue("\"10.1.2.3\"", Ipv4.class)).isEqualTo(Ipv4.parse("10.1.2.3"));
  }

  @Test
  void macIsDerivedFromTheAddress() {
    assertThat(Macs.forIp("10.200.0.66")).isEqualTo("02:57:0a:c8:00:42");
    assertThat(Macs.forIp(Ipv4.parse("255.0.171.1"))).isEqualTo("02:57:ff:00:ab:01");
    assertThatThrownBy(() -> Macs.forIp("10.0.0")).isInstanceOf(IllegalArgumentException.class);
  }

  @Property
  void macsOfDistinctAddressesDiffer(@ForAll int a, @ForAll int b) {
    assertThat(Macs.forIp(new Ipv4(a)).equals(Macs.forIp(new Ipv4(b)))).isEqualTo(a == b);
    assertThat(Macs.forIp(new Ipv4(a))).matches("02:57(:[0-9a-f]{2}){4}");
  }
}
