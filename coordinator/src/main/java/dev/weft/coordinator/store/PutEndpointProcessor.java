package dev.weft.coordinator.store;

import com.hazelcast.core.HazelcastJsonValue;
import com.hazelcast.map.EntryProcessor;
import dev.weft.common.model.Endpoint;
import java.util.Map;

/** Stores an endpoint when its address is free or already held by the same host; else answers the holder's id. */
final class PutEndpointProcessor implements EntryProcessor<String, HazelcastJsonValue, String> {
  private static final long serialVersionUID = 1L;
  private final String endpointJson;
  private final String host;

  PutEndpointProcessor(String endpointJson, String host) {
    this.endpointJson = endpointJson;
    this.host = host;
  }

  @Override
  public String process(Map.Entry<String, HazelcastJsonValue> entry) {
    Endpoint current = Jsons.read(entry.getValue(), Endpoint.class);
    if (current != null && !current.host().equals(host)) {
      return current.host();
    }
    Endpoint wanted = Jsons.read(endpointJson, Endpoint.class);
    if (!wanted.equals(current)) {
      entry.setValue(new HazelcastJsonValue(endpointJson));
    }
    return null;
  }
}
