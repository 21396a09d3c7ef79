package dev.weft.coordinator.store;

import com.hazelcast.core.HazelcastJsonValue;
import com.hazelcast.map.EntryProcessor;
import dev.weft.coordinator.block.BlockChanges;
import dev.weft.coordinator.block.BlockSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Removes blocks of one network, only those the given host owns (release checks the owner). */
final class ReleaseBlocksProcessor implements EntryProcessor<String, HazelcastJsonValue, List<String>> {
  private static final long serialVersionUID = 1L;
  private final String host;
  private final ArrayList<String> cidrs;

  ReleaseBlocksProcessor(String host, List<String> cidrs) {
    this.host = host;
    this.cidrs = new ArrayList<>(cidrs);
  }

  @Override
  public List<String> process(Map.Entry<String, HazelcastJsonValue> entry) {
    BlockChanges.Released released = BlockChanges.release(Jsons.read(entry.getValue(), BlockSet.class), host, cidrs);
    if (!released.removed().isEmpty()) {
      entry.setValue(released.after() == null ? null : Jsons.toJson(released.after()));
    }
    return new ArrayList<>(released.removed());
  }
}
