package dev.weft.coordinator.store;

import dev.weft.coordinator.error.StoreException;
import dev.weft.coordinator.error.NoQuorumException;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastJsonValue;
import com.hazelcast.map.IMap;
import com.hazelcast.spi.merge.DiscardMergePolicy;
import dev.weft.coordinator.config.ClusterConfig;
import java.nio.file.Path;
import java.util.List;

/**
 * The embedded Hazelcast member and the database under it.
 *
 * <p>One member (the default): TCP/IP join on loopback with its own freshly chosen port as the only member (so that
 * several coordinators on one machine, as in tests, never merge), the H2 database in the data dir. Several members
 * (issue 4): {@code --cluster-listen}/{@code --cluster-members} over TCP/IP, multicast off, a shared PostgreSQL
 * database, split-brain protection on every map (a side without a majority of the configured members neither reads
 * nor writes), and after a split heals the merging side's entries are discarded ({@link DiscardMergePolicy}): the
 * majority's entries are the database's. Every map is written through to the {@link Database} with a revision check
 * and loaded from it eagerly at start.
 *
 * <p>The port (issue 12): bound to one address (loopback, or {@code --cluster-listen}'s), member protocol only (no
 * client, REST or memcache endpoint), and the cluster name derived from the master key, so that Hazelcast refuses
 * the join of a member without the key.
 */
public final class StoreMember implements AutoCloseable {
  public static final String NETWORKS = "weft-networks";
  public static final String HOSTS = "weft-hosts";
  public static final String BLOCKS = "weft-blocks";
  public static final String ENDPOINTS = "weft-endpoints";
  /** Swarm service rules (issue 5). */
  public static final String SERVICE_RULES = "weft-service-rules";
  /** Host id to when any member last heard from it (epoch millis); in memory only, not quorum-protected. */
  public static final String HEARD = "weft-heard";
  /** Tunnel addresses and pre-shared keys of encrypted transport (issue 6). */
  public static final String KEYS = "weft-keys";
  public static final List<String> MAPS = List.of(NETWORKS, HOSTS, BLOCKS, ENDPOINTS, SERVICE_RULES, KEYS);
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(StoreMember.class);

  private final Database database;
  private final HazelcastInstance hazelcast;
  private final ClusterConfig cluster;
  private final StoreGuard guard;

  private StoreMember(Database database, HazelcastInstance hazelcast, ClusterConfig cluster) {
    this.database = database;
    this.hazelcast = hazelcast;
    this.cluster = cluster;
    this.guard = cluster.expectedSize() == 1 ? StoreGuard.single()
        : new StoreGuard(() -> hazelcast.getCluster().getMembers().size(), cluster.expectedSize());
  }

  /** One member with the embedded database in {@code dataDir}. */
  public static StoreMember start(Path dataDir) {
    return start(dataDir, ClusterConfig.single());
  }

  /**
   * Opens the database and starts a member that joins {@code cluster.members()} and loads every map, its cluster name
   * derived from the master key of {@code cluster.masterKeyFile(dataDir)} (made when absent). Blocking (seconds).
   *
   * @throws StoreException when the database cannot be opened or reached
   */
  public static StoreMember start(Path dataDir, ClusterConfig cluster) {
    String name = dev.weft.coordinator.pki.MasterKey.loadOrCreate(cluster.masterKeyFile(dataDir)).clusterName();
    return start(open(dataDir, cluster), cluster, name);
  }

  /** The database of {@code cluster}: H2 in {@code dataDir}, or the shared PostgreSQL. */
  public static Database open(Path dataDir, ClusterConfig cluster) {
    return cluster.embedded() ? Database.embedded(dataDir) : Database.postgres(cluster.store());
  }

  /**
   * Starts a member over an open {@code database} (closed with the member, or here when the start fails) that joins
   * {@code cluster.members()} and loads every map. Blocking (seconds).
   *
   * @param clusterName the Hazelcast cluster name, {@link dev.weft.coordinator.pki.MasterKey#clusterName()}: only
   *                    members with the same name join each other (issue 12)
   */
  public static StoreMember start(Database database, ClusterConfig cluster, String clusterName) {
    System.setProperty("hazelcast.logging.type", "slf4j");
    // The cluster name is what a member proves it belongs with (issue 12): kept out of the log, which more people read
    // than the master key. Hazelcast prints it in its start banner ("Cluster name: …", this logger) and in the
    // prefix of every line (off through hazelcast.logging.details.enabled below).
    if (System.getProperty("org.slf4j.simpleLogger.log.com.hazelcast.system") == null) {
      System.setProperty("org.slf4j.simpleLogger.log.com.hazelcast.system", "warn");
    }
    try {
      long began = System.nanoTime();
      List<JsonMapStore> stores = new java.util.ArrayList<>();
      HazelcastInstance hazelcast = Hazelcast.newHazelcastInstance(
          MemberConfig.build(database, cluster, clusterName, stores));
      StoreMember member = new StoreMember(database, hazelcast, cluster);
      member.awaitQuorum();
      // Every map's initial load is done: rows read for keys that other members loaded must not linger (stale).
      stores.forEach(JsonMapStore::forgetPreloaded);
      for (String map : MAPS) {
        hazelcast.getMap(map).addInterceptor(new RevisionInterceptor());
      }
      LOG.info("store ready in {} ms: every map loaded from {}, {} of {} members", (System.nanoTime() - began)
          / 1_000_000, cluster.embedded() ? "the data dir" : "PostgreSQL", hazelcast.getCluster().getMembers().size(),
          cluster.expectedSize());
      return member;
    } catch (RuntimeException e) {
      database.close();
      throw e;
    }
  }

  /**
   * Blocks until this member sees a majority of the configured members and the maps answer: a lone member of a
   * restarted cluster does not serve alone. Members that started at the same moment and formed separate clusters
   * merge within seconds (the merge check runs every 5 s).
   */
  private void awaitQuorum() {
    if (cluster.expectedSize() == 1) {
      return;
    }
    long nextLog = 0;
    while (true) {
      int seen = hazelcast.getCluster().getMembers().size();
      if (seen >= cluster.quorum()) {
        try {
          // Every map, so that each one's initial load has run under the majority before anything reads it.
          MAPS.forEach(name -> map(name).containsKey(HazelcastNetworkStore.KEY));
          return;
        } catch (RuntimeException e) {
          if (!noQuorum(e)) {
            throw e;
          }
        }
      }
      if (System.nanoTime() > nextLog) {
        LOG.info("waiting for a majority of the cluster: this member sees {} of {} members (needs {})", seen,
            cluster.expectedSize(), cluster.quorum());
        nextLog = System.nanoTime() + 10_000_000_000L;
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new StoreException("interrupted while waiting for a majority of the cluster", e);
      }
    }
  }

  /**
   * {@code read} once the majority holds: a member that just started may see the majority come and go while the
   * others merge (members started in the same instant form separate clusters first); its reads of the stored state
   * are retried for up to 90 s instead of ending the start.
   */
  public <T> T readWhenSettled(java.util.function.Supplier<T> read) {
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(90);
    while (true) {
      try {
        return read.get();
      } catch (RuntimeException e) {
        if (!noQuorum(e) || System.nanoTime() > deadline) {
          throw e;
        }
        LOG.info("the majority is settling ({}); reading the stored state again", e.getMessage());
        awaitQuorum();
      }
    }
  }

  private static boolean noQuorum(RuntimeException e) {
    return e instanceof NoQuorumException
        || StoreGuard.causedBy(e, com.hazelcast.splitbrainprotection.SplitBrainProtectionException.class);
  }

  /** One of the four maps, by name. */
  public IMap<String, HazelcastJsonValue> map(String name) {
    return hazelcast.getMap(name);
  }

  /** Host id to when a member last heard from it. */
  public IMap<String, Long> heard() {
    return hazelcast.getMap(HEARD);
  }

  /** What every store built on this member runs its calls through. */
  public StoreGuard guard() {
    return guard;
  }

  public Database database() {
    return database;
  }

  public ClusterConfig cluster() {
    return cluster;
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
