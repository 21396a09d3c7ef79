package dev.weft.coordinator.store;

import com.hazelcast.config.AdvancedNetworkConfig;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.ServerSocketEndpointConfig;
import com.hazelcast.config.SplitBrainProtectionConfig;
import com.hazelcast.splitbrainprotection.SplitBrainProtectionOn;
import dev.weft.coordinator.config.ClusterConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.UUID;

/**
 * The Hazelcast configuration of a {@link StoreMember}: its name and logging, its one member port and how it joins,
 * the failure detection and split-brain protection of several members; the maps come from {@link MemberMaps}.
 */
final class MemberConfig {
  private MemberConfig() {
  }

  /**
   * @param clusterName the name only members with the master key share (issue 12)
   * @param stores      receives the map store of every map, for {@link JsonMapStore#forgetPreloaded} after the load
   */
  static Config build(Database database, ClusterConfig cluster, String clusterName, List<JsonMapStore> stores) {
    Config config = new Config();
    // Derived from the master key (issue 12): Hazelcast refuses the join of a member with another name.
    config.setClusterName(clusterName);
    config.setInstanceName("weft-" + UUID.randomUUID());
    config.setProperty("hazelcast.phone.home.enabled", "false");
    config.setProperty("hazelcast.logging.type", "slf4j");
    config.setProperty("hazelcast.shutdownhook.enabled", "false");
    // No "[address] [cluster name] [version]" prefix on Hazelcast's log lines: the name must not reach the log.
    config.setProperty("hazelcast.logging.details.enabled", "false");
    // Bind the listen socket to the one address below, never to every interface (Hazelcast's default).
    config.setProperty("hazelcast.socket.bind.any", "false");
    network(config, cluster);
    if (cluster.expectedSize() > 1) {
      several(config, cluster);
    } else {
      config.setProperty("hazelcast.wait.seconds.before.join", "0");
    }
    MemberMaps.add(config, database, cluster, stores);
    return config;
  }

  /**
   * Advanced networking with a member endpoint only (issue 12): the port speaks the member protocol and refuses
   * Hazelcast clients, REST and memcache; the coordinator needs none of them. TCP/IP join, multicast off.
   */
  private static void network(Config config, ClusterConfig cluster) {
    AdvancedNetworkConfig network = config.getAdvancedNetworkConfig().setEnabled(true);
    ServerSocketEndpointConfig endpoint = new ServerSocketEndpointConfig();
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    if (cluster.listenHost() == null) {
      // Its own freshly chosen port as the only member: coordinators on one machine, as in tests, never merge.
      int port = freePort();
      endpoint.setPort(port).setPortAutoIncrement(false);
      endpoint.getInterfaces().setEnabled(true).addInterface("127.0.0.1");
      join.getTcpIpConfig().setEnabled(true).addMember("127.0.0.1:" + port);
    } else {
      endpoint.setPort(cluster.listenPort()).setPortAutoIncrement(false).setPublicAddress(cluster.self());
      // Bind to exactly this address (any local one, also 127.0.0.x that no interface lists), not to every interface.
      config.setProperty("hazelcast.local.localAddress", cluster.listenHost());
      join.getTcpIpConfig().setEnabled(true);
      join.getTcpIpConfig().addMember(cluster.self());
      cluster.members().forEach(join.getTcpIpConfig()::addMember);
    }
    network.setMemberEndpointConfig(endpoint);
  }

  /** Several members (issue 4): quick failure detection and merges, and a majority to read or write. */
  private static void several(Config config, ClusterConfig cluster) {
    // Notice a lost member in seconds, not Hazelcast's default minute: a minority must stop writing quickly.
    config.setProperty("hazelcast.heartbeat.interval.seconds", "1");
    config.setProperty("hazelcast.max.no.heartbeat.seconds", "6");
    config.setProperty("hazelcast.operation.call.timeout.millis", "8000");
    config.setProperty("hazelcast.invocation.max.retry.count", "20");
    config.setProperty("hazelcast.merge.first.run.delay.seconds", "5");
    config.setProperty("hazelcast.merge.next.run.delay.seconds", "5");
    // Outgoing connections leave from this member's own address, so that rules by address see them.
    config.setProperty("hazelcast.socket.client.bind.any", "false");
    config.addSplitBrainProtectionConfig(new SplitBrainProtectionConfig(MemberMaps.QUORUM, true, cluster.quorum())
        .setProtectOn(SplitBrainProtectionOn.READ_WRITE));
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port for the Hazelcast member", e);
    }
  }
}
