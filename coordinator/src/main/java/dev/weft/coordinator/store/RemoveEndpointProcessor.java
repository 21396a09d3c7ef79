package dev.weft.coordinator.store;

import com.hazelcast.core.HazelcastJsonValue;
import com.hazelcast.map.EntryProcessor;
import dev.weft.common.model.Endpoint;
import java.util.Map;

/** Removes an endpoint only when the given host holds it (release checks the owner). */
final class RemoveEndpointProcessor implements EntryProcessor<String, HazelcastJsonValue, Boolean> {
  private static final long serialVersionUID = 1L;
  private final String host;

  RemoveEndpointProcessor(String host) {
    this.host = host;
  }

  @Override
  public Boolean process(Map.Entry<String, HazelcastJsonValue> entry) {
    Endpoint current = Jsons.read(entry.getValue(), Endpoint.class);
    if (current == null || !current.host().equals(host)) {
      return false;
    }
    entry.setValue(null);
    return true;
  }
}
