package dev.weft.coordinator.store;

import com.hazelcast.core.HazelcastJsonValue;
import com.hazelcast.map.IMap;
import dev.weft.common.model.ServiceRule;
import dev.weft.coordinator.servicerule.ServiceRuleEvent;
import dev.weft.coordinator.servicerule.ServiceRuleListener;
import dev.weft.coordinator.servicerule.ServiceRuleStore;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * {@link ServiceRuleStore} in Hazelcast, written through to the database like every other map. Adding is one
 * {@code putIfAbsent}.
 */
public final class HazelcastServiceRuleStore implements ServiceRuleStore {
  private final IMap<String, HazelcastJsonValue> map;
  private final StoreGuard guard;

  /** @param guard turns quorum loss and stale writes into clear failures (issue 4), as for every other store */
  public HazelcastServiceRuleStore(IMap<String, HazelcastJsonValue> map, StoreGuard guard) {
    this.map = map;
    this.guard = guard;
  }

  @Override
  public boolean add(ServiceRule rule) {
    String key = ServiceRuleStore.key(rule.network(), rule.service());
    return guard.write(map, key, () -> map.putIfAbsent(key, Jsons.toJson(rule))) == null;
  }

  @Override
  public boolean remove(String network, String service) {
    String key = ServiceRuleStore.key(network, service);
    return guard.write(map, key, () -> map.remove(key)) != null;
  }

  @Override
  public boolean exists(String network, String service) {
    return guard.read(() -> map.containsKey(ServiceRuleStore.key(network, service)));
  }

  @Override
  public List<ServiceRule> ofNetwork(String network) {
    return all().stream().filter(r -> r.network().equals(network)).toList();
  }

  @Override
  public List<ServiceRule> all() {
    return guard.read(map::values).stream().map(v -> Jsons.read(v, ServiceRule.class)).sorted(ORDER).toList();
  }

  @Override
  public void addListener(Executor executor, ServiceRuleListener listener) {
    MapWatcher.watch(map, ServiceRule.class, executor, (k, o, n) -> listener.event(ServiceRuleEvent.of(k, o, n)));
  }
}
