package dev.weft.agent.wireguard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.common.model.KeyPeer;
import java.util.List;
import org.junit.jupiter.api.Test;

class WireGuardPlannerTest {
  static final String WG = "weft-wg-abcd";
  static final KeyPeer B = new KeyPeer("b", "PUB-B", "10.77.0.2:51820", List.of("198.18.0.2/32"), "PSK-AB", 3);
  static final WireGuardSpec SPEC = new WireGuardSpec("wireguard-go", "198.18.0.1", 15, 51820, 1440,
      "/var/lib/weft/wireguard.key", List.of(B));

  @Test
  void aMissingInterfaceIsMadeAddressedAndRaisedWithTheWireGuardMtu() {
    WireGuardPlanner.Steps steps = WireGuardPlanner.plan(WG, SPEC, null);
    assertThat(steps.remove()).isFalse();
    assertThat(steps.create()).isTrue();
    assertThat(steps.ipLines()).containsExactly("addr replace 198.18.0.1/15 dev " + WG,
        "link set " + WG + " mtu 1440 up");
    assertThat(steps.configure()).isTrue();
  }

  @Test
  void aMatchingInterfaceIsOnlyReconfiguredWhichKeepsSessions() {
    WireGuardPlanner.Steps steps = WireGuardPlanner.plan(WG, SPEC,
        new WireGuardPlanner.Actual("tun", 1440, true, List.of("198.18.0.1/15")));
    assertThat(steps.create()).isFalse();
    assertThat(steps.ipLines()).isEmpty();
    assertThat(steps.configure()).isTrue();
  }

  @Test
  void strayAddressesGoAndAWrongKindIsRemade() {
    assertThat(WireGuardPlanner.plan(WG, SPEC, new WireGuardPlanner.Actual("tun", 1420, false,
        List.of("198.18.0.9/15", "198.18.0.1/15"))).ipLines())
        .containsExactly("addr del 198.18.0.9/15 dev " + WG, "link set " + WG + " mtu 1440 up");
    WireGuardPlanner.Steps kernelWanted = WireGuardPlanner.plan(WG, new WireGuardSpec("kernel", "198.18.0.1", 15,
        51820, 1440, "/k", List.of()), new WireGuardPlanner.Actual("tun", 1440, true, List.of("198.18.0.1/15")));
    assertThat(kernelWanted.remove()).isTrue();
    assertThat(kernelWanted.create()).isTrue();
  }

  @Test
  void noEncryptedNetworkRemovesTheInterfaceOrDoesNothing() {
    assertThat(WireGuardPlanner.plan(WG, null, null)).isEqualTo(WireGuardPlanner.Steps.NOTHING);
    WireGuardPlanner.Steps gone = WireGuardPlanner.plan(WG, null,
        new WireGuardPlanner.Actual("tun", 1440, true, List.of()));
    assertThat(gone.remove()).isTrue();
    assertThat(gone.create()).isFalse();
  }

  @Test
  void theConfigurationNamesEveryPeerWithItsPreSharedKey() {
    assertThat(WireGuardPlanner.config("PRIV", SPEC)).isEqualTo("""
        [Interface]
        PrivateKey = PRIV
        ListenPort = 51820

        [Peer]
        PublicKey = PUB-B
        PresharedKey = PSK-AB
        Endpoint = 10.77.0.2:51820
        AllowedIPs = 198.18.0.2/32
        """);
    assertThat(SPEC.toString()).doesNotContain("PSK-AB");
  }

  @Test
  void wgSetTouchesOnlyWhatDiffersAndNeverTheListenPortAgain() {
    WireGuardDump same = WireGuardDump.parse("PRIV\tPUB-A\t51820\toff\n"
        + "PUB-B\tPSK-AB\t10.77.0.2:51820\t198.18.0.2/32\t1700000000\t100\t200\toff\n");
    assertThat(WireGuardPlanner.wgCommands(WG, "PRIV", SPEC, same)).isEmpty();

    WireGuardDump rotatedAndStale = WireGuardDump.parse("PRIV\tPUB-A\t51820\toff\n"
        + "PUB-B\tPSK-OLD\t10.77.0.2:51820\t198.18.0.2/32\t1700000000\t100\t200\toff\n"
        + "PUB-C\t(none)\t(none)\t(none)\t0\t0\t0\toff\n");
    List<WireGuardPlanner.WgCommand> commands = WireGuardPlanner.wgCommands(WG, "PRIV", SPEC, rotatedAndStale);
    assertThat(commands).extracting(Object::toString).containsExactly(
        "wg set " + WG + " peer PUB-B preshared-key /dev/stdin endpoint 10.77.0.2:51820 allowed-ips 198.18.0.2/32",
        "wg set " + WG + " peer PUB-C remove");
    assertThat(commands.get(0).stdin()).isEqualTo("PSK-AB\n");

    WireGuardDump fresh = WireGuardDump.parse("(none)\t(none)\t0\toff\n");
    assertThat(WireGuardPlanner.wgCommands(WG, "PRIV", SPEC, fresh)).extracting(Object::toString).containsExactly(
        "wg set " + WG + " listen-port 51820 private-key /dev/stdin",
        "wg set " + WG + " peer PUB-B preshared-key /dev/stdin endpoint 10.77.0.2:51820 allowed-ips 198.18.0.2/32");
    assertThat(fresh.toString() + rotatedAndStale).doesNotContain("PSK").doesNotContain("PRIV");
  }
}
