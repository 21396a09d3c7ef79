package dev.weft.coordinator.store;

import com.hazelcast.core.HazelcastJsonValue;
import com.hazelcast.map.IMap;
import com.hazelcast.query.Predicate;
import com.hazelcast.query.Predicates;
import dev.weft.common.model.Endpoint;
import dev.weft.common.net.Ipv4;
import dev.weft.coordinator.endpoint.EndpointEvent;
import dev.weft.coordinator.endpoint.EndpointListener;
import dev.weft.coordinator.endpoint.EndpointStore;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Endpoints in Hazelcast keyed by {@code network/ip}, so that an address is held at most once per network. Every
 * method blocks: call it from a worker, never from an event loop.
 *
 * <p>The network's lock ({@link EndpointStore}) is the map's own key lock on the network's name, a key no endpoint
 * has (theirs hold a '/'): Hazelcast releases it when the member holding it leaves the cluster.
 */
public final class HazelcastEndpointStore implements EndpointStore {
  private final IMap<String, HazelcastJsonValue> map;
  private final StoreGuard guard;

  public HazelcastEndpointStore(IMap<String, HazelcastJsonValue> map) {
    this(map, StoreGuard.single());
  }

  /** @param guard turns quorum loss and stale writes into clear failures (issue 4) */
  public HazelcastEndpointStore(IMap<String, HazelcastJsonValue> map, StoreGuard guard) {
    this.map = map;
    this.guard = guard;
  }

  @Override
  public Optional<String> put(Endpoint endpoint, Runnable check) {
    String key = EndpointStore.key(endpoint.network(), endpoint.ip());
    return locked(endpoint.network(), () -> {
      check.run();
      return Optional.ofNullable(guard.write(map, key, () -> map.executeOnKey(key,
          new PutEndpointProcessor(Jsons.write(endpoint), endpoint.host()))));
    });
  }

  @Override
  public <T> T withEndpoints(String network, String host, Function<List<Endpoint>, T> decision) {
    return locked(network, () -> decision.apply(host == null ? ofNetwork(network) : of(network, host)));
  }

  private <T> T locked(String network, Supplier<T> step) {
    guard.read(() -> {
      map.lock(network);
      return null;
    });
    try {
      return step.get();
    } finally {
      map.unlock(network);
    }
  }

  @Override
  public boolean remove(String network, String ip, String host) {
    return Boolean.TRUE.equals(guard.write(map, EndpointStore.key(network, ip),
        () -> map.executeOnKey(EndpointStore.key(network, ip), new RemoveEndpointProcessor(host))));
  }

  @Override
  public Optional<Endpoint> get(String network, String ip) {
    return Optional.ofNullable(Jsons.read(guard.read(() -> map.get(EndpointStore.key(network, ip))), Endpoint.class));
  }

  @Override
  public List<Endpoint> ofNetwork(String network) {
    return query(Predicates.equal("network", network));
  }

  @Override
  public List<Endpoint> ofHost(String host) {
    return query(Predicates.equal("host", host));
  }

  @Override
  public List<Endpoint> of(String network, String host) {
    return query(Predicates.and(Predicates.equal("network", network), Predicates.equal("host", host)));
  }

  @Override
  public List<Endpoint> all() {
    return guard.read(map::values).stream().map(v -> Jsons.read(v, Endpoint.class)).toList();
  }

  @Override
  public int count() {
    return guard.read(map::size);
  }

  @Override
  public void removeNetwork(String network) {
    guard.read(() -> {
      map.removeAll(Predicates.equal("network", network));
      return null;
    });
  }

  @Override
  public void addListener(Executor executor, EndpointListener listener) {
    MapWatcher.watch(map, Endpoint.class, executor, (k, o, n) -> listener.event(EndpointEvent.of(k, o, n)));
  }

  private List<Endpoint> query(Predicate<String, HazelcastJsonValue> predicate) {
    return guard.read(() -> map.values(predicate)).stream().map(v -> Jsons.read(v, Endpoint.class))
        .sorted(Comparator.comparing(Endpoint::network)
            .thenComparing(e -> Ipv4.parse(e.ip())))
        .toList();
  }
}
