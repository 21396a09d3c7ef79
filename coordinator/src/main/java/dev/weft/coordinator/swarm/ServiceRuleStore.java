package dev.weft.coordinator.swarm;

import com.hazelcast.core.HazelcastJsonValue;
import com.hazelcast.map.IMap;
import dev.weft.common.model.ServiceRule;
import dev.weft.coordinator.store.ChangeListener;
import dev.weft.coordinator.store.Jsons;
import dev.weft.coordinator.store.MapWatcher;
import dev.weft.coordinator.store.StoreGuard;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * Service rules in Hazelcast keyed by {@code network/service}, written through to the database like every other map.
 * Adding is one {@code putIfAbsent}: two concurrent attaches of the same rule create it once. Every method blocks.
 */
public final class ServiceRuleStore {
  static final Comparator<ServiceRule> ORDER = Comparator.comparing(ServiceRule::network)
      .thenComparing(ServiceRule::service);
  private final IMap<String, HazelcastJsonValue> map;
  private final StoreGuard guard;

  /** @param guard turns quorum loss and stale writes into clear failures (issue 4), as for every other store */
  public ServiceRuleStore(IMap<String, HazelcastJsonValue> map, StoreGuard guard) {
    this.map = map;
    this.guard = guard;
  }

  public static String key(String network, String service) {
    return network + "/" + service;
  }

  /** @return true when created, false when the rule already existed (nothing changed) */
  public boolean add(ServiceRule rule) {
    String key = key(rule.network(), rule.service());
    return guard.write(map, key, () -> map.putIfAbsent(key, Jsons.toJson(rule))) == null;
  }

  /** @return true when removed, false when there was no such rule */
  public boolean remove(String network, String service) {
    String key = key(network, service);
    return guard.write(map, key, () -> map.remove(key)) != null;
  }

  public boolean exists(String network, String service) {
    return guard.read(() -> map.containsKey(key(network, service)));
  }

  /** The rules of one network, by service name; empty when none. */
  public List<ServiceRule> ofNetwork(String network) {
    return all().stream().filter(r -> r.network().equals(network)).toList();
  }

  /** Every rule, by network then service. */
  public List<ServiceRule> all() {
    return guard.read(map::values).stream().map(v -> Jsons.read(v, ServiceRule.class)).sorted(ORDER).toList();
  }

  /** Calls {@code listener} on {@code executor} for every change made on any member. */
  public void watch(Executor executor, ChangeListener<ServiceRule> listener) {
    MapWatcher.watch(map, ServiceRule.class, executor, listener);
  }
}
