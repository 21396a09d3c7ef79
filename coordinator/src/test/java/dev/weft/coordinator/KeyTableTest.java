package dev.weft.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.common.model.KeyPeer;
import dev.weft.common.net.Cidr;
import dev.weft.common.wire.ToAgent;
import dev.weft.common.wire.ToCoordinator;
import dev.weft.coordinator.config.KeyConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Key tables (issue 6) over real WebSockets: who gets which peers, tunnel addresses, one pre-shared key per pair on
 * both sides, rotation, and revocation.
 */
class KeyTableTest {
  static final Duration ROTATION = Duration.ofSeconds(2);

  @TempDir
  Path dataDir;

  @Test
  void eachHostGetsItsPeersOfEncryptedNetworksWithOnePskPerPairRotatedAndRevokedHostsLeave() {
    try (TestCoordinator weft = TestCoordinator.start(dataDir,
        c -> c.withKeys(new KeyConfig(Cidr.parse("198.18.0.0/15"), ROTATION)))) {
      assertThat(weft.post("/v1/networks", "{\"name\":\"sec\",\"subnet\":\"10.40.0.0/24\",\"encrypted\":true}")
          .status()).isEqualTo(201);
      assertThat(weft.post("/v1/networks", "{\"name\":\"open\",\"subnet\":\"10.41.0.0/24\"}").status())
          .isEqualTo(201);
      String token = weft.coordinator().joinToken();
      FakeAgent a = join(weft, token, "host-a", "192.0.2.1", "PUBKEY-A", "sec");
      FakeAgent b = join(weft, token, "host-b", "192.0.2.2", "PUBKEY-B", "sec");
      FakeAgent c = join(weft, token, "host-c", "192.0.2.3", "PUBKEY-C", "sec");
      FakeAgent noWg = join(weft, token, "host-d", "192.0.2.4", null, "sec");
      FakeAgent plainOnly = join(weft, token, "host-e", "192.0.2.5", "PUBKEY-E", "open");

      ToAgent.Keys ka = Eventually.until("a's key table lists b and c", a::latestKeys, k -> peers(k).size() == 2);
      assertThat(peers(ka).keySet()).containsExactly("host-b", "host-c");
      assertThat(ka.tunnelPool()).isEqualTo("198.18.0.0/15");
      KeyPeer bSeenByA = peers(ka).get("host-b");
      assertThat(bSeenByA.publicKey()).isEqualTo("PUBKEY-B");
      assertThat(bSeenByA.endpoint()).isEqualTo("192.0.2.2:51820");
      assertThat(bSeenByA.presharedKey()).hasSize(44);

      ToAgent.Keys kb = Eventually.until("b's key table", b::latestKeys, k -> peers(k).size() == 2);
      ToAgent.Keys kc = Eventually.until("c's key table", c::latestKeys, k -> peers(k).size() == 2);
      // every tunnel address differs, and each peer's allowed IPs are its tunnel address alone
      Set<String> tunnels = Set.of(ka.tunnelAddress(), kb.tunnelAddress(), kc.tunnelAddress());
      assertThat(tunnels).hasSize(3).allMatch(t -> Cidr.parse("198.18.0.0/15")
          .contains(dev.weft.common.net.Ipv4.parse(t)));
      assertThat(bSeenByA.allowedIps()).containsExactly(kb.tunnelAddress() + "/32");
      assertThat(peers(kb).get("host-a").allowedIps()).containsExactly(ka.tunnelAddress() + "/32");
      // the API shows each host's WireGuard and tunnel address; a host without WireGuard shows kind none
      JsonNode hostA = weft.get("/v1/hosts/host-a").json().path("wireguard");
      assertThat(hostA.path("publicKey").asText()).isEqualTo("PUBKEY-A");
      assertThat(hostA.path("tunnelAddress").asText()).isEqualTo(ka.tunnelAddress());
      assertThat(hostA.path("port").asInt()).isEqualTo(51820);
      JsonNode hostD = weft.get("/v1/hosts/host-d").json().path("wireguard");
      assertThat(hostD.path("kind").asText()).isEqualTo("none");
      assertThat(hostD.path("tunnelAddress").isNull()).isTrue();

      // one pre-shared key per pair, the same on both sides; different pairs, different keys
      assertThat(peers(kb).get("host-a").presharedKey()).isEqualTo(bSeenByA.presharedKey());
      assertThat(peers(ka).get("host-c").presharedKey()).isEqualTo(peers(kc).get("host-a").presharedKey())
          .isNotEqualTo(bSeenByA.presharedKey());

      // a host without WireGuard gets no key table and is nobody's peer; one only on a plain network has no peers
      assertThat(noWg.seen()).noneMatch(m -> m instanceof ToAgent.Keys);
      Optional<ToAgent.Keys> ke = Optional.ofNullable(plainOnly.latestKeys());
      ke.ifPresent(k -> assertThat(k.peers()).isEmpty());
      ke.ifPresent(k -> assertThat(k.tunnelAddress()).isNull());

      // rotation: both sides get the next key in the same push
      long epoch = bSeenByA.pskEpoch();
      ToAgent.Keys rotated = Eventually.until("a's key with b rotates", a::latestKeys,
          k -> peers(k).containsKey("host-b") && peers(k).get("host-b").pskEpoch() > epoch, Duration.ofSeconds(15));
      KeyPeer newB = peers(rotated).get("host-b");
      assertThat(newB.presharedKey()).isNotEqualTo(bSeenByA.presharedKey());
      Eventually.until("b holds the same rotated key", b::latestKeys,
          k -> peers(k).get("host-a").pskEpoch() >= newB.pskEpoch());
      String metrics = weft.get("/metrics").body();
      assertThat(metrics).containsPattern("weft_psk_age_seconds [0-9.]+");

      // revocation: c leaves a's and b's tables
      assertThat(weft.delete("/v1/hosts/host-c").status()).isEqualTo(204);
      Eventually.until("c leaves a's key table", a::latestKeys, k -> !peers(k).containsKey("host-c"));
      Eventually.until("c leaves b's key table", b::latestKeys, k -> !peers(k).containsKey("host-c"));
      List.of(a, b, c, noWg, plainOnly).forEach(FakeAgent::close);
    }
  }

  private static FakeAgent join(TestCoordinator weft, String token, String host, String underlay, String key,
                                String network) {
    FakeAgent agent = new FakeAgent(host, underlay).withWireGuard(key).connect(weft.agentUri(), token);
    agent.register(List.of());
    agent.next(ToAgent.Welcome.class);
    agent.send(new ToCoordinator.BlockRequest("r-" + host, network, List.of()));
    agent.next(ToAgent.BlockGrant.class);
    return agent;
  }

  private static Map<String, KeyPeer> peers(ToAgent.Keys keys) {
    return keys == null ? Map.of()
        : keys.peers().stream().collect(Collectors.toMap(KeyPeer::host, p -> p, (x, y) -> x, java.util.TreeMap::new));
  }
}
