package dev.weft.coordinator.keys;

import com.hazelcast.core.HazelcastJsonValue;
import com.hazelcast.map.EntryProcessor;
import dev.weft.common.ipam.TunnelAllocator;
import dev.weft.common.net.Cidr;
import dev.weft.coordinator.store.Jsons;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Gives {@code host} a tunnel address on the one tunnels entry: the one it holds, else the first free one. */
final class AllocateTunnelProcessor implements EntryProcessor<String, HazelcastJsonValue, String> {
  private static final long serialVersionUID = 1L;

  private final String pool;
  private final String host;

  AllocateTunnelProcessor(String pool, String host) {
    this.pool = pool;
    this.host = host;
  }

  /** @return the host's address, or null when the pool is full */
  @Override
  public String process(Map.Entry<String, HazelcastJsonValue> entry) {
    TunnelSet set = entry.getValue() == null ? TunnelSet.EMPTY : Jsons.read(entry.getValue(), TunnelSet.class);
    String held = set.byHost().get(host);
    if (held != null && Cidr.parse(pool).contains(dev.weft.common.net.Ipv4.parse(held))) {
      return held;
    }
    Optional<dev.weft.common.net.Ipv4> next = TunnelAllocator.next(Cidr.parse(pool), set.byHost().values());
    if (next.isEmpty()) {
      return null;
    }
    Map<String, String> byHost = new HashMap<>(set.byHost());
    byHost.put(host, next.get().toString());
    entry.setValue(Jsons.toJson(new TunnelSet(byHost)));
    return next.get().toString();
  }
}
