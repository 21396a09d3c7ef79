package dev.weft.coordinator.store.memory;

import dev.weft.common.model.ServiceRule;
import dev.weft.coordinator.servicerule.ServiceRuleEvent;
import dev.weft.coordinator.servicerule.ServiceRuleListener;
import dev.weft.coordinator.servicerule.ServiceRuleStore;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/** {@link ServiceRuleStore} in this process's memory: add and remove are one {@code compute} on the rule's key. */
public final class InMemoryServiceRuleStore implements ServiceRuleStore {
  private final Map<String, ServiceRule> rules = new ConcurrentHashMap<>();
  private final Watchers<ServiceRule> watchers = new Watchers<>();

  @Override
  public boolean add(ServiceRule rule) {
    boolean[] created = {false};
    rules.computeIfAbsent(ServiceRuleStore.key(rule.network(), rule.service()), k -> {
      created[0] = true;
      watchers.fire(k, null, rule);
      return rule;
    });
    return created[0];
  }

  @Override
  public boolean remove(String network, String service) {
    boolean[] removed = {false};
    rules.computeIfPresent(ServiceRuleStore.key(network, service), (k, stored) -> {
      removed[0] = true;
      watchers.fire(k, stored, null);
      return null;
    });
    return removed[0];
  }

  @Override
  public boolean exists(String network, String service) {
    return rules.containsKey(ServiceRuleStore.key(network, service));
  }

  @Override
  public List<ServiceRule> ofNetwork(String network) {
    return all().stream().filter(r -> r.network().equals(network)).toList();
  }

  @Override
  public List<ServiceRule> all() {
    return rules.values().stream().sorted(ORDER).toList();
  }

  @Override
  public void addListener(Executor executor, ServiceRuleListener listener) {
    watchers.add(executor, (k, o, n) -> listener.event(ServiceRuleEvent.of(k, o, n)));
  }
}
