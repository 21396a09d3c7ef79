package dev.weft.agent.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.agent.dataplane.Attachment;
import dev.weft.agent.dataplane.DesiredNetwork;
import dev.weft.agent.dataplane.DesiredState;
import dev.weft.agent.dataplane.RemoteEndpoint;
import dev.weft.agent.reconcile.DesiredStateBuilder.LocalAttachment;
import dev.weft.common.model.Endpoint;
import dev.weft.common.model.Network;
import dev.weft.common.model.Peer;
import dev.weft.common.table.NetworkTable;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DesiredStateBuilderTest {
  static final DesiredStateBuilder.Host HOST = new DesiredStateBuilder.Host("h1", "10.77.0.1", 1500, 4800);
  static final Network RED = new Network("red", "100.64.0.0/24", 300, 0, false, Map.of(), 26, "t");
  static final Network BLUE = new Network("blue", "100.64.1.0/24", 301, 1400, false, Map.of(), 26, "t");
  static final Network GREEN = new Network("green", "100.64.2.0/24", 302, 0, false, Map.of(), 26, "t");
  static final Map<String, Network> CATALOG = Map.of("red", RED, "blue", BLUE, "green", GREEN);

  static Endpoint ep(String net, String host, String ip, String container) {
    return new Endpoint(net, host, ip, dev.weft.common.net.Macs.forIp(ip), container, null);
  }

  static final Endpoint L1 = ep("red", "h1", "100.64.0.1", "c1");
  static final Endpoint L2 = ep("blue", "h1", "100.64.1.1", "c1");

  @Test
  void emptyWhenNoLocalEndpoints() {
    NetworkTable t = NetworkTable.of("red", "e", 1, List.of(new Peer("h2", "10.77.0.2")),
        List.of(ep("red", "h2", "100.64.0.65", "c9")));
    DesiredState s = DesiredStateBuilder.build(HOST, CATALOG, Map.of("red", t), List.of());
    assertThat(s).isEqualTo(new DesiredState("10.77.0.1", 4800, List.of()));
  }

  @Test
  void networksWithLocalEndpointsGetRemotesAndMtu() {
    NetworkTable red = NetworkTable.of("red", "e", 3,
        List.of(new Peer("h1", "10.77.0.1"), new Peer("h2", "10.77.0.2"), new Peer("h3", "10.77.0.3")),
        List.of(L1, ep("red", "h2", "100.64.0.65", "c2"), ep("red", "h3", "100.64.0.129", "c3"),
            ep("red", "h4", "100.64.0.193", "c4"))); // h4 has no peer entry: skipped
    DesiredState s = DesiredStateBuilder.build(HOST, CATALOG, Map.of("red", red),
        List.of(new LocalAttachment(L2, 42), new LocalAttachment(L1, 42)));
    assertThat(s.networks()).containsExactly(
        new DesiredNetwork("red", 300, "100.64.0.0/24", 1450,
            List.of(new RemoteEndpoint("100.64.0.129", "02:57:64:40:00:81", "10.77.0.3"),
                new RemoteEndpoint("100.64.0.65", "02:57:64:40:00:41", "10.77.0.2")),
            List.of(new Attachment("c1", 42, "100.64.0.1", 24, "02:57:64:40:00:01"))),
        new DesiredNetwork("blue", 301, "100.64.1.0/24", 1400, List.of(),
            List.of(new Attachment("c1", 42, "100.64.1.1", 24, "02:57:64:40:01:01"))));
  }

  @Test
  void networkMissingFromCatalogIsLeftOut() {
    Endpoint gone = ep("gone", "h1", "100.64.9.1", "c1");
    DesiredState s = DesiredStateBuilder.build(HOST, CATALOG, Map.of(), List.of(new LocalAttachment(gone, 7)));
    assertThat(s.networks()).isEmpty();
  }

  @Test
  void tableEntryWithALocalIpOrOurUnderlayIsNotARemote() {
    NetworkTable red = NetworkTable.of("red", "e", 3,
        List.of(new Peer("old-id", "10.77.0.1"), new Peer("h2", "10.77.0.2")),
        List.of(ep("red", "old-id", "100.64.0.5", "c5"), ep("red", "h2", "100.64.0.1", "stale")));
    DesiredState s = DesiredStateBuilder.build(HOST, CATALOG, Map.of("red", red), List.of(new LocalAttachment(L1, 1)));
    assertThat(s.networks().get(0).remotes()).isEmpty();
  }

  static final Network SEC = new Network("sec", "100.64.3.0/24", 303, 0, true, Map.of(), 26, "t");
  static final Endpoint S1 = ep("sec", "h1", "100.64.3.1", "c1");

  static NetworkTable secTable() {
    return NetworkTable.of("sec", "e", 2,
        List.of(new Peer("h1", "10.77.0.1"), new Peer("h2", "10.77.0.2"), new Peer("h3", "10.77.0.3")),
        List.of(S1, ep("sec", "h2", "100.64.3.65", "c2"), ep("sec", "h3", "100.64.3.129", "c3")));
  }

  static DesiredStateBuilder.Encryption wg(String tunnel, dev.weft.common.model.KeyPeer... peers) {
    return new DesiredStateBuilder.Encryption("wireguard-go", 51820, "/state/wireguard.key",
        new dev.weft.common.wire.ToAgent.Keys(tunnel, "198.18.0.0/15", List.of(peers)));
  }

  static final dev.weft.common.model.KeyPeer H2 = new dev.weft.common.model.KeyPeer("h2", "PUB2", "10.77.0.2:51820",
      List.of("198.18.0.2/32"), "PSK12", 1);

  @Test
  void encryptedNetworksSendFromTheTunnelAddressToPeersTunnelAddressesWithRoomForWireGuard() {
    Map<String, Network> catalog = Map.of("red", RED, "sec", SEC);
    DesiredState s = DesiredStateBuilder.build(HOST, catalog, Map.of("sec", secTable()),
        List.of(new LocalAttachment(S1, 9), new LocalAttachment(L1, 9)), wg("198.18.0.1", H2));
    DesiredNetwork sec = s.networks().stream().filter(n -> n.name().equals("sec")).findFirst().orElseThrow();
    assertThat(sec.localAddress()).isEqualTo("198.18.0.1");
    assertThat(sec.mtu()).isEqualTo(1500 - 50 - 60);
    // h3 is not in the key table (yet): no entry, rather than one to its underlay address in clear
    assertThat(sec.remotes()).containsExactly(new RemoteEndpoint("100.64.3.65", "02:57:64:40:03:41", "198.18.0.2"));
    DesiredNetwork red = s.networks().stream().filter(n -> n.name().equals("red")).findFirst().orElseThrow();
    assertThat(red.localAddress()).isNull();
    assertThat(red.mtu()).isEqualTo(1450);
    assertThat(s.wireGuard()).isEqualTo(new dev.weft.agent.wireguard.WireGuardSpec("wireguard-go", "198.18.0.1", 15,
        51820, 1440, "/state/wireguard.key", List.of(H2)));
  }

  @Test
  void withoutATunnelAddressAnEncryptedNetworkGetsNoDeviceAndNoWireGuard() {
    Map<String, Network> catalog = Map.of("red", RED, "sec", SEC);
    List<LocalAttachment> local = List.of(new LocalAttachment(S1, 9), new LocalAttachment(L1, 9));
    for (DesiredStateBuilder.Encryption e : java.util.Arrays.asList(null, wg(null))) {
      DesiredState s = DesiredStateBuilder.build(HOST, catalog, Map.of("sec", secTable()), local, e);
      assertThat(s.networks()).extracting(DesiredNetwork::name).containsExactly("red");
      assertThat(s.wireGuard()).isNull();
    }
  }

  @Test
  void noEncryptedNetworkHereMeansNoWireGuardInterface() {
    DesiredState s = DesiredStateBuilder.build(HOST, CATALOG, Map.of(), List.of(new LocalAttachment(L1, 9)),
        wg("198.18.0.1", H2));
    assertThat(s.wireGuard()).isNull();
  }
}
