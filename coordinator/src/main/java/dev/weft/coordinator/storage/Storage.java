package dev.weft.coordinator.storage;

import dev.weft.coordinator.cluster.ClusterView;
import dev.weft.coordinator.settings.Settings;
import java.util.function.Supplier;

/**
 * Where a started coordinator keeps its state: the entity stores, the settings, the cluster it belongs to and the
 * shared last-heard times of hosts. {@link HazelcastStorage} is the product's (a Hazelcast member over H2 or
 * PostgreSQL); {@link InMemoryStorage} keeps everything in this process, for
 * tests of the API and the services.
 */
public interface Storage extends AutoCloseable {
  Stores stores();

  Settings settings();

  ClusterView cluster();

  /** Publishes "heard {@code hostId} at {@code millis}" to every member; never blocks, may fail silently. */
  void heard(String hostId, long millis);

  /** When any member last published {@code hostId}, in epoch millis; null when never. May block. */
  Long lastHeard(String hostId);

  /**
   * {@code read} once a majority holds, retried while members of a starting cluster merge.
   *
   * @throws RuntimeException what {@code read} threw, when it was not the lack of a majority or it lasted too long
   */
  <T> T readWhenSettled(Supplier<T> read);

  /** Whether the storage still serves (false once closed or its member stopped). */
  boolean running();

  /** Stops the member and closes the database; idempotent. */
  @Override
  void close();
}
