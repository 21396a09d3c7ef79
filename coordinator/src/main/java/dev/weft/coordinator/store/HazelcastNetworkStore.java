package dev.weft.coordinator.store;

import com.hazelcast.core.HazelcastJsonValue;
import com.hazelcast.map.IMap;
import dev.weft.common.model.Network;
import dev.weft.common.validation.NetworkDefaults;
import dev.weft.common.validation.NetworkRequest;
import dev.weft.coordinator.network.NetworkCatalog;
import dev.weft.coordinator.network.NetworkCreation;
import dev.weft.coordinator.network.NetworkEvent;
import dev.weft.coordinator.network.NetworkListener;
import dev.weft.coordinator.network.NetworkStore;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * The network catalog in Hazelcast, under one key, changed only by entry processors on that key. Every method
 * blocks: call it from a worker, never from an event loop.
 */
public final class HazelcastNetworkStore implements NetworkStore {
  static final String KEY = "catalog";
  private final IMap<String, HazelcastJsonValue> map;
  private final StoreGuard guard;

  public HazelcastNetworkStore(IMap<String, HazelcastJsonValue> map) {
    this(map, StoreGuard.single());
  }

  /** @param guard turns quorum loss and stale writes into clear failures (issue 4) */
  public HazelcastNetworkStore(IMap<String, HazelcastJsonValue> map, StoreGuard guard) {
    this.map = map;
    this.guard = guard;
  }

  @Override
  public NetworkCreation create(NetworkRequest request, NetworkDefaults defaults, String createdAt) {
    return guard.write(map, KEY, () -> map.executeOnKey(KEY, new CreateNetworkProcessor(request, defaults, createdAt)))
        .toCreation();
  }

  @Override
  public Optional<Network> remove(String name) {
    String removed = guard.write(map, KEY, () -> map.executeOnKey(KEY, new RemoveNetworkProcessor(name)));
    return Optional.ofNullable(removed).map(json -> Jsons.read(json, Network.class));
  }

  @Override
  public Optional<Network> get(String name) {
    return catalog().find(name);
  }

  @Override
  public List<Network> list() {
    return catalog().networks();
  }

  @Override
  public NetworkCatalog catalog() {
    NetworkCatalog catalog = Jsons.read(guard.read(() -> map.get(KEY)), NetworkCatalog.class);
    return catalog == null ? NetworkCatalog.EMPTY : catalog;
  }

  @Override
  public void addListener(Executor executor, NetworkListener listener) {
    MapWatcher.watch(map, NetworkCatalog.class, executor, (k, o, n) -> listener.event(NetworkEvent.of(k, o, n)));
  }
}
