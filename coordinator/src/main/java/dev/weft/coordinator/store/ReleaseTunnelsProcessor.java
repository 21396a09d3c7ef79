package dev.weft.coordinator.store;

import com.hazelcast.core.HazelcastJsonValue;
import com.hazelcast.map.EntryProcessor;
import dev.weft.coordinator.keys.TunnelSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Frees the tunnel addresses of the given hosts (revoked: gone from the host store). Answers how many went. */
final class ReleaseTunnelsProcessor implements EntryProcessor<String, HazelcastJsonValue, Integer> {
  private static final long serialVersionUID = 1L;

  private final ArrayList<String> hosts;

  ReleaseTunnelsProcessor(List<String> hosts) {
    this.hosts = new ArrayList<>(hosts);
  }

  @Override
  public Integer process(Map.Entry<String, HazelcastJsonValue> entry) {
    if (entry.getValue() == null) {
      return 0;
    }
    TunnelSet set = Jsons.read(entry.getValue(), TunnelSet.class);
    TunnelSet left = set.without(hosts);
    if (left != set) {
      entry.setValue(Jsons.toJson(left));
    }
    return set.byHost().size() - left.byHost().size();
  }
}
