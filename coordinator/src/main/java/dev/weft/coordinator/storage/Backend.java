package dev.weft.coordinator.storage;

import dev.weft.coordinator.error.StoreException;

import dev.weft.coordinator.config.ClusterConfig;
import java.nio.file.Path;

/** How a coordinator keeps its state: {@link #HAZELCAST} in the product; in memory in tests of the API. */
@FunctionalInterface
public interface Backend {
  /** A Hazelcast member over the embedded H2 in the data dir or the cluster's PostgreSQL. */
  Backend HAZELCAST = HazelcastStorage::open;

  /**
   * Opens the settings of the storage for {@code cluster}, files in {@code dataDir}.
   *
   * @throws StoreException when the database cannot be opened or reached
   */
  StorageOpening open(Path dataDir, ClusterConfig cluster);
}
