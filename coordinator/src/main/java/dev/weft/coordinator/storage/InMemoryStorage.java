package dev.weft.coordinator.storage;

import dev.weft.coordinator.cluster.ClusterView;
import dev.weft.coordinator.cluster.SingleMember;
import dev.weft.coordinator.settings.Settings;
import dev.weft.coordinator.store.memory.InMemoryBlockStore;
import dev.weft.coordinator.store.memory.InMemoryEndpointStore;
import dev.weft.coordinator.store.memory.InMemoryHostStore;
import dev.weft.coordinator.store.memory.InMemoryKeyStore;
import dev.weft.coordinator.store.memory.InMemoryNetworkStore;
import dev.weft.coordinator.store.memory.InMemoryServiceRuleStore;
import dev.weft.coordinator.store.memory.InMemorySettings;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * A coordinator's state in this process only: the in-memory stores, settings and last-heard times, a cluster of one.
 * Gone when the coordinator stops, so it is for tests of the API, the agent channel and the services, which then
 * start in milliseconds and need no Hazelcast member; durability, restarts and clusters are tested on
 * {@link Backend#HAZELCAST}.
 */
public final class InMemoryStorage implements Storage {
  /** Opens a fresh in-memory storage for every coordinator started with it. */
  public static final Backend BACKEND = (dataDir, cluster) -> opening();

  private final Stores stores = new Stores(new InMemoryNetworkStore(), new InMemoryHostStore(),
      new InMemoryBlockStore(), new InMemoryEndpointStore(), new InMemoryKeyStore(), new InMemoryServiceRuleStore());
  private final Settings settings;
  private final SingleMember cluster;
  private final Map<String, Long> heard = new ConcurrentHashMap<>();

  private InMemoryStorage(Settings settings, LongSupplier failovers) {
    this.settings = settings;
    this.cluster = new SingleMember(failovers);
  }

  private static StorageOpening opening() {
    Settings settings = new InMemorySettings();
    return new StorageOpening() {
      @Override
      public Settings settings() {
        return settings;
      }

      @Override
      public Storage start(String clusterName, LongSupplier failovers) {
        return new InMemoryStorage(settings, failovers);
      }

      @Override
      public void close() {
      }
    };
  }

  @Override
  public Stores stores() {
    return stores;
  }

  @Override
  public Settings settings() {
    return settings;
  }

  @Override
  public ClusterView cluster() {
    return cluster;
  }

  @Override
  public void heard(String hostId, long millis) {
    heard.merge(hostId, millis, Math::max);
  }

  @Override
  public Long lastHeard(String hostId) {
    return heard.get(hostId);
  }

  @Override
  public <T> T readWhenSettled(Supplier<T> read) {
    return read.get();
  }

  @Override
  public boolean running() {
    return cluster.members() > 0;
  }

  @Override
  public void close() {
    cluster.close();
  }
}
