package dev.weft.coordinator.store;

import com.hazelcast.core.HazelcastJsonValue;
import com.hazelcast.map.IMap;
import dev.weft.common.model.Network;
import dev.weft.common.validation.NetworkDefaults;
import dev.weft.common.validation.NetworkRequest;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * The network catalog in Hazelcast. Every method blocks: call it from a worker, never from an event loop.
 */
public final class NetworkStore {
  static final String KEY = "catalog";
  private final IMap<String, HazelcastJsonValue> map;
  private final StoreGuard guard;

  public NetworkStore(IMap<String, HazelcastJsonValue> map) {
    this(map, StoreGuard.single());
  }

  /** @param guard turns quorum loss and stale writes into clear failures (issue 4) */
  public NetworkStore(IMap<String, HazelcastJsonValue> map, StoreGuard guard) {
    this.map = map;
    this.guard = guard;
  }

  /**
   * Creates a network in one atomic step: checks the name, the subnet (given or the next free one from the pool)
   * and the VNI (given or the next free one from the range) against every stored network and writes.
   *
   * @param createdAt ISO-8601 instant stored with the network
   * @return the created network, or why it was refused; never null
   */
  public NetworkCreation create(NetworkRequest request, NetworkDefaults defaults, String createdAt) {
    return guard.write(map, KEY, () -> map.executeOnKey(KEY, new CreateNetworkProcessor(request, defaults, createdAt)));
  }

  /** Removes a network from the catalog; empty when it did not exist. */
  public Optional<Network> remove(String name) {
    String removed = guard.write(map, KEY, () -> map.executeOnKey(KEY, new RemoveNetworkProcessor(name)));
    return Optional.ofNullable(removed).map(json -> Jsons.read(json, Network.class));
  }

  /** The network; empty when unknown. */
  public Optional<Network> get(String name) {
    return catalog().find(name);
  }

  /** Every network in creation order; empty when none. */
  public List<Network> list() {
    return catalog().networks();
  }

  public NetworkCatalog catalog() {
    NetworkCatalog catalog = Jsons.read(guard.read(() -> map.get(KEY)), NetworkCatalog.class);
    return catalog == null ? NetworkCatalog.EMPTY : catalog;
  }

  /** Calls {@code listener} on {@code executor} with the whole old and new catalog on every change. */
  public void watch(Executor executor, ChangeListener<NetworkCatalog> listener) {
    MapWatcher.watch(map, NetworkCatalog.class, executor, listener);
  }
}
