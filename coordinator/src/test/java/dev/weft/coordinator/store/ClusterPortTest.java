package dev.weft.coordinator.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastJsonValue;
import dev.weft.coordinator.config.ClusterConfig;
import dev.weft.coordinator.pki.MasterKey;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who can reach the Hazelcast port (issue 12): a single member listens on loopback only; no member takes Hazelcast
 * clients; a member that does not hold the cluster's master key, knowing only the old cluster name {@code weft} and
 * the address, neither joins nor reads a map.
 */
class ClusterPortTest {
  @TempDir
  Path dir;

  @Test
  void aSingleMemberListensOnLoopbackOnly() throws IOException {
    try (StoreMember member = StoreMember.start(dir)) {
      int port = port(member);
      // What `ss -ltn` shows: the listen sockets on that port and their local address.
      assertThat(listeners(port)).isNotEmpty().allSatisfy(address -> assertThat(address).isEqualTo("127.0.0.1"));
    }
  }

  @Test
  void aMemberWithClusterListenListensOnThatAddressOnly() throws IOException {
    int port = freePort();
    ClusterConfig cluster = ClusterConfig.single().withListen("127.0.0.21", port);
    try (StoreMember member = StoreMember.start(dir, cluster)) {
      assertThat(port(member)).isEqualTo(port);
      assertThat(listeners(port)).containsExactly("127.0.0.21");
    }
  }

  @Test
  void aHazelcastClientCannotConnectNorWriteAMap() throws IOException {
    try (StoreMember member = StoreMember.start(dir)) {
      int port = port(member);
      // The old fixed name and the name the member really has: the port speaks the member protocol only.
      for (String name : List.of("weft", member.hazelcast().getConfig().getClusterName())) {
        ClientConfig client = new ClientConfig().setClusterName(name);
        client.setProperty("hazelcast.logging.type", "slf4j");
        client.setProperty("hazelcast.phone.home.enabled", "false");
        client.getNetworkConfig().addAddress("127.0.0.1:" + port);
        client.getConnectionStrategyConfig().getConnectionRetryConfig().setClusterConnectTimeoutMillis(5000);
        assertThatThrownBy(() -> {
          HazelcastInstance connected = HazelcastClient.newHazelcastClient(client);
          try {
            connected.getMap(StoreMember.NETWORKS).put("rogue", new HazelcastJsonValue("{}"));
          } finally {
            connected.shutdown();
          }
        }).as("a client with cluster name %s", name).isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("Unable to connect");
      }
      assertThat(member.map(StoreMember.NETWORKS).containsKey("rogue")).isFalse();
    }
  }

  @Test
  void aMemberWithoutTheMasterKeyDoesNotJoinNorSeeTheData() throws IOException {
    int port = freePort();
    ClusterConfig cluster = ClusterConfig.single().withListen("127.0.0.22", port);
    try (StoreMember member = StoreMember.start(dir, cluster)) {
      member.map(StoreMember.NETWORKS).put("secret-net", new HazelcastJsonValue("{\"name\":\"secret-net\"}"));
      // The old cluster name and the name another master key gives.
      for (String name : List.of("weft", MasterKey.generate().clusterName())) {
        HazelcastInstance rogue = Hazelcast.newHazelcastInstance(rogue(name, "127.0.0.22:" + port));
        try {
          assertThat(rogue.getCluster().getMembers()).as("the rogue %s's view", name).hasSize(1);
          assertThat(member.hazelcast().getCluster().getMembers()).as("the member's view").hasSize(1);
          assertThat(rogue.getMap(StoreMember.NETWORKS).get("secret-net")).isNull();
          assertThat(rogue.getMap(StoreMember.NETWORKS).size()).isZero();
          rogue.getMap(StoreMember.NETWORKS).put("rogue", new HazelcastJsonValue("{}"));
          assertThat(member.map(StoreMember.NETWORKS).containsKey("rogue")).isFalse();
        } finally {
          rogue.shutdown();
        }
      }
    }
  }

  /** A plain Hazelcast member that knows the address of the real one and tries to join it. */
  private static Config rogue(String clusterName, String target) {
    Config config = new Config().setClusterName(clusterName).setInstanceName("rogue-" + UUID.randomUUID());
    config.setProperty("hazelcast.phone.home.enabled", "false");
    config.setProperty("hazelcast.logging.type", "slf4j");
    config.setProperty("hazelcast.max.join.seconds", "10");
    config.getNetworkConfig().setPort(freePortUnchecked()).setPortAutoIncrement(false);
    config.getNetworkConfig().getInterfaces().setEnabled(true).addInterface("127.0.0.1");
    config.getNetworkConfig().getJoin().getMulticastConfig().setEnabled(false);
    config.getNetworkConfig().getJoin().getAutoDetectionConfig().setEnabled(false);
    config.getNetworkConfig().getJoin().getTcpIpConfig().setEnabled(true).addMember(target);
    return config;
  }

  private static int port(StoreMember member) {
    return member.hazelcast().getCluster().getLocalMember().getAddress().getPort();
  }

  /** Local addresses of the TCP sockets listening on {@code port}, from /proc/net/tcp and tcp6, as {@code ss} shows. */
  static List<String> listeners(int port) throws IOException {
    List<String> out = new ArrayList<>();
    for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
      for (String line : Files.readAllLines(Path.of(table)).subList(1, Files.readAllLines(Path.of(table)).size())) {
        String[] f = line.trim().split("\\s+");
        String[] local = f[1].split(":");
        if (f[3].equals("0A") && Integer.parseInt(local[1], 16) == port) {
          out.add(address(local[0]));
        }
      }
    }
    return out;
  }

  /** /proc's hex address: IPv4 as 4 little-endian bytes, IPv6 as 4 little-endian words; a v4-mapped one as IPv4. */
  private static String address(String hex) {
    if (hex.length() == 8) {
      return v4(hex);
    }
    String upper = hex.toUpperCase(Locale.ROOT);
    if (upper.startsWith("0000000000000000FFFF0000")) {
      return v4(upper.substring(24));
    }
    return upper.equals("00000000000000000000000000000000") ? "*" : "v6:" + upper;
  }

  private static String v4(String hex) {
    long n = Long.parseLong(hex, 16);
    return (n & 0xff) + "." + (n >> 8 & 0xff) + "." + (n >> 16 & 0xff) + "." + (n >> 24 & 0xff);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static int freePortUnchecked() {
    try {
      return freePort();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
