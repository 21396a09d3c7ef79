package dev.weft.agent.ipam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.agent.state.StateStore;
import dev.weft.common.model.Endpoint;
import dev.weft.common.net.Ipv4;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Addresses held for Docker's IPAM driver (issue 14) before and after the endpoint that uses them. */
class LocalIpamHoldTest {
  private static final String SUBNET = "100.64.0.0/24";
  private static final Ipv4 ONE = Ipv4.parse("100.64.0.1");
  private static final Ipv4 TWO = Ipv4.parse("100.64.0.2");

  @TempDir
  Path dir;

  LocalIpam ipam;

  @BeforeEach
  void setUp() {
    ipam = new LocalIpam(new StateStore(dir), "h1");
    ipam.grant("red", List.of("100.64.0.0/26"));
  }

  @Test
  void holdGivesTheLowestFreeAddressAndNeverTheSameTwice() {
    assertThat(ipam.hold("red", SUBNET, null)).contains(ONE);
    assertThat(ipam.hold("red", SUBNET, null)).contains(TWO);
    assertThat(ipam.held("red")).containsExactlyInAnyOrder(ONE, TWO);
    assertThat(ipam.endpoints()).isEmpty();
    assertThat(ipam.networks()).containsExactly("red");
  }

  @Test
  void heldAddressesAreNotAssignedToLabelledContainers() {
    ipam.hold("red", SUBNET, ONE);
    assertThat(ipam.assign("red", SUBNET, "c1", null).orElseThrow().ip()).isEqualTo("100.64.0.2");
    assertThatThrownBy(() -> ipam.hold("red", SUBNET, TWO)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("in use");
  }

  @Test
  void holdWithoutAFreeAddressIsEmpty() {
    ipam.grant("red", List.of("100.64.0.0/31")); // .0 is the subnet's network address: only .1
    assertThat(ipam.hold("red", SUBNET, null)).contains(ONE);
    assertThat(ipam.hold("red", SUBNET, null)).isEmpty();
    assertThat(ipam.fullBlocks("red", SUBNET)).containsExactly("100.64.0.0/31");
    assertThat(ipam.hold("blue", "100.65.0.0/24", null)).as("no block at all").isEmpty();
  }

  /** Each row: an address Docker asks for that cannot be held, and what the message must name. */
  static Stream<Arguments> refusedHolds() {
    return Stream.of(
        Arguments.of("in use", "100.64.0.5", List.of("address 100.64.0.5 is in use in network red")),
        Arguments.of("another host's block", "100.64.0.100",
            List.of("100.64.0.100", "not in this host's blocks of network red [100.64.0.0/26]")),
        Arguments.of("the subnet's network address", "100.64.0.0",
            List.of("100.64.0.0 is the network or broadcast address of " + SUBNET)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusedHolds")
  void refusesAddressesItCannotHold(String name, String ip, List<String> fragments) {
    ipam.hold("red", SUBNET, Ipv4.parse("100.64.0.5"));
    assertThatThrownBy(() -> ipam.hold("red", SUBNET, Ipv4.parse(ip))).isInstanceOf(IllegalStateException.class)
        .message().contains(fragments);
    assertThat(ipam.held("red")).containsExactly(Ipv4.parse("100.64.0.5"));
  }

  @Test
  void bindMakesTheHeldAddressAnEndpointAndIsIdempotent() {
    ipam.hold("red", SUBNET, null);
    Endpoint e = ipam.bind("red", ONE, "ep1");
    assertThat(e).isEqualTo(new Endpoint("red", "h1", "100.64.0.1", "02:57:64:40:00:01", "ep1", null));
    assertThat(ipam.held("red")).isEmpty();
    assertThat(ipam.endpoint("red", "ep1")).contains(e);
    assertThat(ipam.endpoints()).containsExactly(e);
    assertThat(ipam.bind("red", ONE, "ep1")).isEqualTo(e);
  }

  @Test
  void bindOfAnAddressNotHeldIsRefused() {
    assertThatThrownBy(() -> ipam.bind("red", ONE, "ep1")).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("address 100.64.0.1 of network red was not given by Weft's IPAM driver");
    ipam.hold("red", SUBNET, null);
    ipam.bind("red", ONE, "ep1");
    assertThatThrownBy(() -> ipam.bind("red", ONE, "ep2")).as("already another endpoint's")
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("was not given");
    assertThat(ipam.endpoint("red", "ep2")).isEmpty();
  }

  @Test
  void unbindKeepsTheAddressHeldUntilUnhold() {
    ipam.hold("red", SUBNET, null);
    Endpoint e = ipam.bind("red", ONE, "ep1");
    assertThat(ipam.unbind("red", "ep1")).contains(e);
    assertThat(ipam.endpoint("red", "ep1")).isEmpty();
    assertThat(ipam.held("red")).containsExactly(ONE);
    assertThat(ipam.hold("red", SUBNET, null)).as("still taken").contains(TWO);
    assertThat(ipam.unbind("red", "ep1")).as("repeat").isEmpty();

    assertThat(ipam.unhold("red", ONE)).isTrue();
    assertThat(ipam.unhold("red", ONE)).as("repeat").isFalse();
    assertThat(ipam.unhold("red", Ipv4.parse("100.64.0.9"))).as("never held").isFalse();
    assertThat(ipam.unhold("blue", ONE)).as("no such network").isFalse();
    assertThat(ipam.held("red")).containsExactly(TWO);
    assertThat(ipam.hold("red", SUBNET, null)).contains(ONE);
  }

  @Test
  void aHeldAddressCanBeBoundAgainAfterUnbind() {
    ipam.hold("red", SUBNET, null);
    ipam.bind("red", ONE, "ep1");
    ipam.unbind("red", "ep1");
    assertThat(ipam.bind("red", ONE, "ep2").container()).isEqualTo("ep2");
    assertThat(ipam.held("red")).isEmpty();
  }

  @Test
  void heldAndBoundAddressesSurviveARestart() {
    ipam.hold("red", SUBNET, null);
    ipam.hold("red", SUBNET, null);
    Endpoint e = ipam.bind("red", TWO, "ep2");
    ipam.hold("red", SUBNET, Ipv4.parse("100.64.0.9"));

    LocalIpam again = new LocalIpam(new StateStore(dir), "h1");
    assertThat(again.held("red")).containsExactlyInAnyOrder(ONE, Ipv4.parse("100.64.0.9"));
    assertThat(again.endpoint("red", "ep2")).contains(e);
    assertThat(again.hold("red", SUBNET, null)).contains(Ipv4.parse("100.64.0.3"));
    assertThat(again.bind("red", ONE, "ep1").ip()).isEqualTo("100.64.0.1");
    again.unhold("red", Ipv4.parse("100.64.0.9"));

    LocalIpam third = new LocalIpam(new StateStore(dir), "h1");
    assertThat(third.held("red")).containsExactly(Ipv4.parse("100.64.0.3"));
    assertThat(third.endpoints()).extracting(Endpoint::container).containsExactly("ep2", "ep1");
  }

  @Test
  void aGrantThatTakesTheBlockAwayDropsItsHeldAddresses() {
    ipam.hold("red", SUBNET, null);
    ipam.grant("red", List.of("100.64.0.64/26"));
    assertThat(ipam.held("red")).isEmpty();
    assertThat(new LocalIpam(new StateStore(dir), "h1").held("red")).isEmpty();
  }

  @Test
  void forgetDropsHeldAddresses() {
    ipam.hold("red", SUBNET, null);
    ipam.forget("red");
    assertThat(ipam.held("red")).isEmpty();
    assertThat(ipam.networks()).isEmpty();
  }

  @Test
  void aFileWithoutHeldAddressesReadsAsNoneHeld() throws Exception {
    java.nio.file.Files.writeString(dir.resolve(LocalIpam.FILE), "{\"hostId\":\"h1\",\"blocks\":{\"red\":"
        + "[\"100.64.0.0/26\"]},\"endpoints\":[]}");
    LocalIpam old = new LocalIpam(new StateStore(dir), "h1");
    assertThat(old.held("red")).isEmpty();
    assertThat(old.hold("red", SUBNET, null)).contains(ONE);
  }
}
