package dev.weft.coordinator.store.memory;

import dev.weft.common.model.Endpoint;
import dev.weft.common.net.Ipv4;
import dev.weft.coordinator.endpoint.EndpointEvent;
import dev.weft.coordinator.endpoint.EndpointListener;
import dev.weft.coordinator.endpoint.EndpointStore;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Endpoints in this process keyed by {@code network/ip}, each changed atomically with {@code compute}; the network's
 * lock ({@link EndpointStore}) is a {@link ReentrantLock} per network name. Thread-safe.
 */
public final class InMemoryEndpointStore implements EndpointStore {
  private static final Comparator<Endpoint> ORDER = Comparator.comparing(Endpoint::network)
      .thenComparing(e -> Ipv4.parse(e.ip()));

  private final Map<String, Endpoint> endpoints = new ConcurrentHashMap<>();
  private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();
  private final Watchers<Endpoint> watchers = new Watchers<>();

  @Override
  public Optional<String> put(Endpoint endpoint, Runnable check) {
    return locked(endpoint.network(), () -> {
      check.run();
      String[] holder = new String[1];
      endpoints.compute(EndpointStore.key(endpoint.network(), endpoint.ip()), (key, current) -> {
        if (current != null && !current.host().equals(endpoint.host())) {
          holder[0] = current.host();
          return current;
        }
        if (!endpoint.equals(current)) {
          watchers.fire(key, current, endpoint);
        }
        return endpoint;
      });
      return Optional.ofNullable(holder[0]);
    });
  }

  @Override
  public <T> T withEndpoints(String network, String host, Function<List<Endpoint>, T> decision) {
    return locked(network, () -> decision.apply(host == null ? ofNetwork(network) : of(network, host)));
  }

  @Override
  public boolean remove(String network, String ip, String host) {
    boolean[] removed = new boolean[1];
    endpoints.computeIfPresent(EndpointStore.key(network, ip), (key, current) -> {
      if (!current.host().equals(host)) {
        return current;
      }
      removed[0] = true;
      watchers.fire(key, current, null);
      return null;
    });
    return removed[0];
  }

  @Override
  public Optional<Endpoint> get(String network, String ip) {
    return Optional.ofNullable(endpoints.get(EndpointStore.key(network, ip)));
  }

  @Override
  public List<Endpoint> ofNetwork(String network) {
    return query(e -> e.network().equals(network));
  }

  @Override
  public List<Endpoint> ofHost(String host) {
    return query(e -> e.host().equals(host));
  }

  @Override
  public List<Endpoint> of(String network, String host) {
    return query(e -> e.network().equals(network) && e.host().equals(host));
  }

  @Override
  public List<Endpoint> all() {
    return new ArrayList<>(endpoints.values());
  }

  @Override
  public int count() {
    return endpoints.size();
  }

  @Override
  public void removeNetwork(String network) {
    for (Endpoint e : ofNetwork(network)) {
      endpoints.computeIfPresent(EndpointStore.key(network, e.ip()), (key, current) -> {
        watchers.fire(key, current, null);
        return null;
      });
    }
  }

  @Override
  public void addListener(Executor executor, EndpointListener listener) {
    watchers.add(executor, (k, before, after) -> listener.event(EndpointEvent.of(k, before, after)));
  }

  private List<Endpoint> query(Predicate<Endpoint> filter) {
    return endpoints.values().stream().filter(filter).sorted(ORDER).toList();
  }

  private <T> T locked(String network, Supplier<T> step) {
    ReentrantLock lock = locks.computeIfAbsent(network, n -> new ReentrantLock());
    lock.lock();
    try {
      return step.get();
    } finally {
      lock.unlock();
    }
  }
}
