package dev.weft.coordinator.store;

import com.hazelcast.core.HazelcastJsonValue;
import com.hazelcast.map.EntryProcessor;
import dev.weft.common.plan.NetworkDecision;
import dev.weft.common.plan.NetworkPlanner;
import dev.weft.common.model.Network;
import dev.weft.common.validation.NetworkDefaults;
import dev.weft.common.validation.NetworkRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Applies {@link NetworkPlanner#decide} to the catalog entry, on its partition thread: no other change of the catalog
 * can come between the decision and the write. Carries the request and the already parsed defaults (both
 * serializable), so that it runs on any member without parsing anything again.
 */
final class CreateNetworkProcessor implements EntryProcessor<String, HazelcastJsonValue, NetworkCreation> {
  private static final long serialVersionUID = 2L;

  private final NetworkRequest request;
  private final NetworkDefaults defaults;
  private final String createdAt;

  CreateNetworkProcessor(NetworkRequest request, NetworkDefaults defaults, String createdAt) {
    this.request = request;
    this.defaults = defaults;
    this.createdAt = createdAt;
  }

  @Override
  public NetworkCreation process(Map.Entry<String, HazelcastJsonValue> entry) {
    NetworkCatalog catalog = entry.getValue() == null ? NetworkCatalog.EMPTY
        : Jsons.read(entry.getValue(), NetworkCatalog.class);
    NetworkDecision decision = NetworkPlanner.decide(catalog.networks(), request, defaults, createdAt);
    if (!decision.created()) {
      return decision.exhausted() ? NetworkCreation.exhausted(decision.refusal())
          : NetworkCreation.conflict(decision.refusal());
    }
    List<Network> networks = new ArrayList<>(catalog.networks());
    networks.add(decision.network());
    entry.setValue(Jsons.toJson(new NetworkCatalog(networks)));
    return NetworkCreation.created(decision.network());
  }
}
