package dev.weft.coordinator.storage;

import dev.weft.coordinator.cluster.ClusterMonitor;
import dev.weft.coordinator.cluster.ClusterView;
import dev.weft.coordinator.config.ClusterConfig;
import dev.weft.coordinator.settings.Settings;
import dev.weft.coordinator.store.Database;
import dev.weft.coordinator.store.HazelcastBlockStore;
import dev.weft.coordinator.store.HazelcastEndpointStore;
import dev.weft.coordinator.store.HazelcastHostStore;
import dev.weft.coordinator.store.HazelcastKeyStore;
import dev.weft.coordinator.store.HazelcastNetworkStore;
import dev.weft.coordinator.store.HazelcastServiceRuleStore;
import dev.weft.coordinator.store.StoreGuard;
import dev.weft.coordinator.store.StoreMember;
import java.nio.file.Path;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/** The product's storage: one Hazelcast member whose maps write through to H2 or PostgreSQL (issues 1 and 4). */
public final class HazelcastStorage implements Storage {
  private final StoreMember member;
  private final Stores stores;
  private final ClusterMonitor cluster;

  private HazelcastStorage(StoreMember member, LongSupplier failovers) {
    this.member = member;
    StoreGuard guard = member.guard();
    this.stores = new Stores(new HazelcastNetworkStore(member.map(StoreMember.NETWORKS), guard),
        new HazelcastHostStore(member.map(StoreMember.HOSTS), guard),
        new HazelcastBlockStore(member.map(StoreMember.BLOCKS), guard),
        new HazelcastEndpointStore(member.map(StoreMember.ENDPOINTS), guard),
        new HazelcastKeyStore(member.map(StoreMember.KEYS), guard),
        new HazelcastServiceRuleStore(member.map(StoreMember.SERVICE_RULES), guard));
    this.cluster = new ClusterMonitor(member, failovers);
  }

  /** Opens the database of {@code cluster} (H2 in {@code dataDir}, or the shared PostgreSQL). */
  static StorageOpening open(Path dataDir, ClusterConfig cluster) {
    Database database = StoreMember.open(dataDir, cluster);
    return new StorageOpening() {
      @Override
      public Settings settings() {
        return database.settings();
      }

      @Override
      public Storage start(String clusterName, LongSupplier failovers) {
        return new HazelcastStorage(StoreMember.start(database, cluster, clusterName), failovers);
      }

      @Override
      public void close() {
        database.close();
      }
    };
  }

  @Override
  public Stores stores() {
    return stores;
  }

  @Override
  public Settings settings() {
    return member.database().settings();
  }

  @Override
  public ClusterView cluster() {
    return cluster;
  }

  @Override
  public void heard(String hostId, long millis) {
    member.heard().setAsync(hostId, millis);
  }

  @Override
  public Long lastHeard(String hostId) {
    return member.heard().get(hostId);
  }

  @Override
  public <T> T readWhenSettled(Supplier<T> read) {
    return member.readWhenSettled(read);
  }

  @Override
  public boolean running() {
    return member.running();
  }

  @Override
  public void close() {
    cluster.close();
    member.close();
  }
}
