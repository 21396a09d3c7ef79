package dev.weft.coordinator.keys;

import com.hazelcast.core.HazelcastJsonValue;
import com.hazelcast.map.EntryProcessor;
import dev.weft.coordinator.store.Jsons;
import java.util.ArrayList;
import java.util.HashMap;
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
    Map<String, String> byHost = new HashMap<>(Jsons.read(entry.getValue(), TunnelSet.class).byHost());
    int before = byHost.size();
    hosts.forEach(byHost::remove);
    if (byHost.size() != before) {
      entry.setValue(Jsons.toJson(new TunnelSet(byHost)));
    }
    return before - byHost.size();
  }
}
