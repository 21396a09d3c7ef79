package dev.weft.coordinator.store;

import com.hazelcast.core.HazelcastJsonValue;
import com.hazelcast.map.EntryProcessor;
import dev.weft.coordinator.keys.TunnelSet;
import java.util.Map;

/** Gives {@code host} a tunnel address on the one tunnels entry ({@link TunnelSet#allocate}). */
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
    TunnelSet.Allocation allocation = set.allocate(pool, host);
    if (allocation.next() != set) {
      entry.setValue(Jsons.toJson(allocation.next()));
    }
    return allocation.address();
  }
}
