package dev.weft.coordinator.store;

import com.hazelcast.core.HazelcastJsonValue;
import com.hazelcast.map.IMap;
import com.hazelcast.query.Predicate;
import com.hazelcast.query.Predicates;
import dev.weft.common.model.Endpoint;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * Endpoints in Hazelcast keyed by {@code network/ip}, so that an address is held at most once per network. Every
 * method blocks: call it from a worker, never from an event loop.
 */
public final class EndpointStore {
  private final IMap<String, HazelcastJsonValue> map;
  private final StoreGuard guard;

  public EndpointStore(IMap<String, HazelcastJsonValue> map) {
    this(map, StoreGuard.single());
  }

  /** @param guard turns quorum loss and stale writes into clear failures (issue 4) */
  public EndpointStore(IMap<String, HazelcastJsonValue> map, StoreGuard guard) {
    this.map = map;
    this.guard = guard;
  }

  public static String key(String network, String ip) {
    return network + "/" + ip;
  }

  /**
   * Stores the endpoint unless its address is held by another host (then nothing changes). Replaces the host's own
   * endpoint at that address (a container restarted with the same address).
   *
   * @return empty when stored; else the id of the host holding the address
   */
  public Optional<String> put(Endpoint endpoint) {
    String key = key(endpoint.network(), endpoint.ip());
    return Optional.ofNullable(guard.write(map, key, () -> map.executeOnKey(key,
        new PutEndpointProcessor(Jsons.write(endpoint), endpoint.host()))));
  }

  /**
   * Removes the endpoint at {@code ip} when {@code host} holds it.
   *
   * @return true when removed; false when absent or held by another host
   */
  public boolean remove(String network, String ip, String host) {
    return Boolean.TRUE.equals(guard.write(map, key(network, ip),
        () -> map.executeOnKey(key(network, ip), new RemoveEndpointProcessor(host))));
  }

  public Optional<Endpoint> get(String network, String ip) {
    return Optional.ofNullable(Jsons.read(guard.read(() -> map.get(key(network, ip))), Endpoint.class));
  }

  /** The endpoints of one network by IP; empty when none. */
  public List<Endpoint> ofNetwork(String network) {
    return query(Predicates.equal("network", network));
  }

  /** The endpoints of one host, in every network. */
  public List<Endpoint> ofHost(String host) {
    return query(Predicates.equal("host", host));
  }

  /** The endpoints of one host in one network. */
  public List<Endpoint> of(String network, String host) {
    return query(Predicates.and(Predicates.equal("network", network), Predicates.equal("host", host)));
  }

  public List<Endpoint> all() {
    return guard.read(map::values).stream().map(v -> Jsons.read(v, Endpoint.class)).toList();
  }

  public int count() {
    return guard.read(map::size);
  }

  /** Drops every endpoint of a network (it was deleted). */
  public void removeNetwork(String network) {
    guard.read(() -> {
      map.removeAll(Predicates.equal("network", network));
      return null;
    });
  }

  public void watch(Executor executor, ChangeListener<Endpoint> listener) {
    MapWatcher.watch(map, Endpoint.class, executor, listener);
  }

  private List<Endpoint> query(Predicate<String, HazelcastJsonValue> predicate) {
    return guard.read(() -> map.values(predicate)).stream().map(v -> Jsons.read(v, Endpoint.class))
        .sorted(Comparator.comparing(Endpoint::network)
            .thenComparing(e -> dev.weft.common.net.Ipv4.parse(e.ip())))
        .toList();
  }
}
