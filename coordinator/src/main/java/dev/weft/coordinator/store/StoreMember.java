package dev.weft.coordinator.store;

import com.hazelcast.config.Config;
import com.hazelcast.config.IndexType;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MapStoreConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastJsonValue;
import com.hazelcast.map.IMap;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

/**
 * The embedded Hazelcast member and the database under it. One member, TCP/IP join on loopback only with its own
 * freshly chosen port as the only member (so that several coordinators on one machine, as in tests, never merge),
 * multicast off, phone-home off, Hazelcast logging through SLF4J. Every map is written through to
 * {@link EmbeddedDatabase} and loaded from it eagerly at start.
 *
 * <p>Issue 4 replaces the join settings with {@code --cluster-listen}/{@code --cluster-members} and the database
 * with a shared one; nothing above this class changes.
 */
public final class StoreMember implements AutoCloseable {
  public static final String NETWORKS = "weft-networks";
  public static final String HOSTS = "weft-hosts";
  public static final String BLOCKS = "weft-blocks";
  public static final String ENDPOINTS = "weft-endpoints";
  private static final List<String> MAPS = List.of(NETWORKS, HOSTS, BLOCKS, ENDPOINTS);

  private final EmbeddedDatabase database;
  private final HazelcastInstance hazelcast;

  private StoreMember(EmbeddedDatabase database, HazelcastInstance hazelcast) {
    this.database = database;
    this.hazelcast = hazelcast;
  }

  /**
   * Opens the database in {@code dataDir} and starts a member that loads every map from it. Blocking (seconds).
   *
   * @throws StoreException when the database cannot be opened
   */
  public static StoreMember start(Path dataDir) {
    System.setProperty("hazelcast.logging.type", "slf4j");
    EmbeddedDatabase database = EmbeddedDatabase.open(dataDir);
    try {
      return new StoreMember(database, Hazelcast.newHazelcastInstance(config(database)));
    } catch (RuntimeException e) {
      database.close();
      throw e;
    }
  }

  private static Config config(EmbeddedDatabase database) {
    int port = freePort();
    Config config = new Config();
    config.setClusterName("weft");
    config.setInstanceName("weft-" + UUID.randomUUID());
    config.setProperty("hazelcast.phone.home.enabled", "false");
    config.setProperty("hazelcast.logging.type", "slf4j");
    config.setProperty("hazelcast.wait.seconds.before.join", "0");
    config.setProperty("hazelcast.shutdownhook.enabled", "false");
    config.getNetworkConfig().setPort(port).setPortAutoIncrement(false);
    config.getNetworkConfig().getInterfaces().setEnabled(true).addInterface("127.0.0.1");
    JoinConfig join = config.getNetworkConfig().getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true).addMember("127.0.0.1:" + port);
    for (String map : MAPS) {
      MapConfig mapConfig = new MapConfig(map);
      mapConfig.setBackupCount(1);
      mapConfig.setMapStoreConfig(new MapStoreConfig()
          .setEnabled(true)
          .setImplementation(new JsonMapStore(database, map))
          .setWriteDelaySeconds(0)
          .setInitialLoadMode(MapStoreConfig.InitialLoadMode.EAGER));
      config.addMapConfig(mapConfig);
    }
    config.getMapConfig(ENDPOINTS).addIndexConfig(new com.hazelcast.config.IndexConfig(IndexType.HASH, "network"));
    config.getMapConfig(ENDPOINTS).addIndexConfig(new com.hazelcast.config.IndexConfig(IndexType.HASH, "host"));
    return config;
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 0, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port for the Hazelcast member", e);
    }
  }

  /** One of the four maps, by name. */
  public IMap<String, HazelcastJsonValue> map(String name) {
    return hazelcast.getMap(name);
  }

  /** Whether the member is up (false while shutting down). */
  public boolean running() {
    return hazelcast.getLifecycleService().isRunning();
  }

  public HazelcastInstance hazelcast() {
    return hazelcast;
  }

  /** Stops the member, then closes the database. Blocking. */
  @Override
  public void close() {
    try {
      hazelcast.shutdown();
    } finally {
      database.close();
    }
  }
}
