package dev.weft.agent.dataplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.OptionalInt;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class NamesTest {
  @ParameterizedTest
  @ValueSource(strings = {"", "-a", "A", "a b", "a/b", "a_b", "abcdefghijklmnopqrstuvwxyz0123456789"})
  void refusesBadPrefixes(String prefix) {
    assertThatThrownBy(() -> new Names(prefix)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("hostPrefix");
  }

  @ParameterizedTest(name = "prefix {0}, namespace {1} -> {2}")
  @CsvSource({
      "h1, weft-h1-300, 300",
      "h1, weft-h1-16777215, 16777215",
      "h1, weft-h2-300, -1",
      "h1, weft-h1-, -1",
      "h1, weft-h1-0300, -1",
      "h1, weft-h1-30a, -1",
      "a, weft-a-1-100, -1",
      "a-1, weft-a-1-100, 100",
      "h1, wdpt-h1-300, -1",
      "h1, weft-h1-123456789, -1"})
  void recognisesOnlyItsOwnNamespaces(String prefix, String name, int vni) {
    OptionalInt parsed = new Names(prefix).vniOfNetns(name);
    assertThat(parsed).isEqualTo(vni < 0 ? OptionalInt.empty() : OptionalInt.of(vni));
  }

  @Test
  void deviceNamesFitIfnamsizForTheLargestVni() {
    int vni = Names.MAX_VNI;
    for (String name : new String[] {Names.bridge(vni), Names.vxlan(vni), new Names("a".repeat(32)).vxlanInHost(vni),
        Names.containerIf(vni), Names.hostVeth("x".repeat(128))}) {
      assertThat(name.length()).as(name).isLessThanOrEqualTo(15);
    }
    assertThat(new Names("h1").netns(300)).isEqualTo("weft-h1-300");
    Names h1 = new Names("h1");
    assertThat(h1.vxlanInHost(300)).matches("wv[0-9a-f]{4}-300");
    assertThat(h1.vniOfHostVxlan(h1.vxlanInHost(300))).hasValue(300);
    assertThat(h1.vniOfHostVxlan(new Names("h2").vxlanInHost(300))).as("another host's").isEmpty();
    assertThat(h1.vniOfHostVxlan(h1.vxlanInHost(300) + "x")).isEmpty();
    assertThat(h1.vniOfHostVxlan("vx300")).isEmpty();
  }

  @Test
  void hostVethUsesTheDockerShortIdOrAHash() {
    String id = "4f9a1c0b2d3e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8";
    assertThat(Names.hostVeth(id)).isEqualTo("ve4f9a1c0b2d3e");
    assertThat(Names.hostVeth("c1")).hasSize(14).startsWith("ve").isNotEqualTo(Names.hostVeth("c2"));
    assertThat(Names.hostVeth("c1")).isEqualTo(Names.hostVeth("c1"));
    assertThat(Names.isHostVeth(Names.hostVeth("c1"))).isTrue();
    assertThat(Names.isHostVeth("veth0")).isFalse();
  }

  @Test
  void aliasRoundTrips() {
    Attachment a = new Attachment("c1", 42, "10.0.0.2", 24, "02:57:0a:00:00:02");
    assertThat(Names.parseAlias(Names.alias(a, 1400))).containsEntry("cid", "c1").containsEntry("pid", "42")
        .containsEntry("ip", "10.0.0.2/24").containsEntry("mac", "02:57:0a:00:00:02").containsEntry("mtu", "1400");
    assertThat(Names.parseAlias("something else")).isEmpty();
    assertThat(Names.parseAlias(null)).isEmpty();
  }
}
