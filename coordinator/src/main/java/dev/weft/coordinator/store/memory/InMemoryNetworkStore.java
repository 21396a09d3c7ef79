package dev.weft.coordinator.store.memory;

import dev.weft.common.model.Network;
import dev.weft.common.plan.NetworkDecision;
import dev.weft.common.plan.NetworkPlanner;
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
 * The network catalog in this process: one value changed under one lock, decided by the same
 * {@link NetworkPlanner} as the Hazelcast store's entry processor. Thread-safe.
 */
public final class InMemoryNetworkStore implements NetworkStore {
  /** The key its events carry, as the Hazelcast store's one entry. */
  public static final String KEY = "catalog";

  private final Watchers<NetworkCatalog> watchers = new Watchers<>();
  private NetworkCatalog catalog;

  @Override
  public synchronized NetworkCreation create(NetworkRequest request, NetworkDefaults defaults, String createdAt) {
    NetworkCatalog before = catalog();
    NetworkDecision decision = NetworkPlanner.decide(before.networks(), request, defaults, createdAt);
    if (!decision.created()) {
      return decision.exhausted() ? NetworkCreation.exhausted(decision.refusal())
          : NetworkCreation.conflict(decision.refusal());
    }
    change(before.with(decision.network()));
    return NetworkCreation.created(decision.network());
  }

  @Override
  public synchronized Optional<Network> remove(String name) {
    NetworkCatalog before = catalog();
    Optional<Network> found = before.find(name);
    found.ifPresent(n -> change(before.without(name)));
    return found;
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
  public synchronized NetworkCatalog catalog() {
    return catalog == null ? NetworkCatalog.EMPTY : catalog;
  }

  @Override
  public void addListener(Executor executor, NetworkListener listener) {
    watchers.add(executor, (k, before, after) -> listener.event(NetworkEvent.of(k, before, after)));
  }

  private void change(NetworkCatalog after) {
    NetworkCatalog before = catalog;
    catalog = after;
    watchers.fire(KEY, before, after);
  }
}
