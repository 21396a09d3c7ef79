package dev.weft.coordinator.store;

import com.hazelcast.core.HazelcastJsonValue;
import com.hazelcast.map.EntryProcessor;
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
    if (entry.getValue() == null) {
      return new ArrayList<>();
    }
    BlockSet set = Jsons.read(entry.getValue(), BlockSet.class);
    List<Block> kept = new ArrayList<>();
    ArrayList<String> removed = new ArrayList<>();
    for (Block block : set.blocks()) {
      if (block.owner().equals(host) && cidrs.contains(block.cidr())) {
        removed.add(block.cidr());
      } else {
        kept.add(block);
      }
    }
    if (!removed.isEmpty()) {
      entry.setValue(kept.isEmpty() ? null : Jsons.toJson(new BlockSet(kept)));
    }
    return removed;
  }
}
