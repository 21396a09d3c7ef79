package dev.weft.coordinator.store;

import com.hazelcast.core.HazelcastJsonValue;
import com.hazelcast.map.EntryProcessor;
import dev.weft.common.model.Network;
import dev.weft.common.plan.NetworkDecision;
import dev.weft.common.plan.NetworkPlanner;
import dev.weft.common.validation.NetworkDefaults;
import dev.weft.common.validation.NetworkRequest;
import dev.weft.coordinator.network.NetworkCatalog;
import dev.weft.coordinator.network.NetworkCreation;
import java.io.Serializable;
import java.util.Map;

/**
 * Applies {@link NetworkPlanner#decide} to the catalog entry, on its partition thread: no other change of the catalog
 * can come between the decision and the write. Carries the request and the already parsed defaults (both
 * serializable), so that it runs on any member without parsing anything again.
 */
final class CreateNetworkProcessor implements EntryProcessor<String, HazelcastJsonValue, CreateNetworkProcessor.Outcome> {
  private static final long serialVersionUID = 2L;

  /** The decision as it travels back from the partition owner: the network as JSON ({@link Network} is no Serializable). */
  record Outcome(String networkJson, String conflict, boolean exhausted) implements Serializable {
    boolean created() {
      return networkJson != null;
    }

    NetworkCreation toCreation() {
      return created() ? NetworkCreation.created(Jsons.read(networkJson, Network.class))
          : exhausted ? NetworkCreation.exhausted(conflict) : NetworkCreation.conflict(conflict);
    }
  }

  private final NetworkRequest request;
  private final NetworkDefaults defaults;
  private final String createdAt;

  CreateNetworkProcessor(NetworkRequest request, NetworkDefaults defaults, String createdAt) {
    this.request = request;
    this.defaults = defaults;
    this.createdAt = createdAt;
  }

  @Override
  public Outcome process(Map.Entry<String, HazelcastJsonValue> entry) {
    NetworkCatalog catalog = entry.getValue() == null ? NetworkCatalog.EMPTY
        : Jsons.read(entry.getValue(), NetworkCatalog.class);
    NetworkDecision decision = NetworkPlanner.decide(catalog.networks(), request, defaults, createdAt);
    if (!decision.created()) {
      return new Outcome(null, decision.refusal(), decision.exhausted());
    }
    entry.setValue(Jsons.toJson(catalog.with(decision.network())));
    return new Outcome(Jsons.write(decision.network()), null, false);
  }
}
