package dev.weft.coordinator.store;

import com.hazelcast.core.HazelcastJsonValue;
import com.hazelcast.map.EntryProcessor;
import dev.weft.common.model.Network;
import dev.weft.coordinator.network.NetworkCatalog;
import java.util.Map;

/** Removes one network from the catalog; answers its JSON, or null when there was none of that name. */
final class RemoveNetworkProcessor implements EntryProcessor<String, HazelcastJsonValue, String> {
  private static final long serialVersionUID = 1L;
  private final String name;

  RemoveNetworkProcessor(String name) {
    this.name = name;
  }

  @Override
  public String process(Map.Entry<String, HazelcastJsonValue> entry) {
    if (entry.getValue() == null) {
      return null;
    }
    NetworkCatalog catalog = Jsons.read(entry.getValue(), NetworkCatalog.class);
    Network found = catalog.find(name).orElse(null);
    if (found == null) {
      return null;
    }
    entry.setValue(Jsons.toJson(catalog.without(name)));
    return Jsons.write(found);
  }
}
