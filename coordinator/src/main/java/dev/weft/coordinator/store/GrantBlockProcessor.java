package dev.weft.coordinator.store;

import com.hazelcast.core.HazelcastJsonValue;
import com.hazelcast.map.EntryProcessor;
import dev.weft.common.ipam.BlockPlanner;
import dev.weft.coordinator.block.BlockChanges;
import dev.weft.coordinator.block.BlockGrantOutcome;
import dev.weft.coordinator.block.BlockSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Applies {@link BlockPlanner#grant} to one network's entry: an owned block with room, else the first free one. */
final class GrantBlockProcessor implements EntryProcessor<String, HazelcastJsonValue, BlockGrantOutcome> {
  private static final long serialVersionUID = 1L;

  private final String subnet;
  private final int blockPrefix;
  private final String host;
  private final ArrayList<String> full;
  private final String now;

  GrantBlockProcessor(String subnet, int blockPrefix, String host, List<String> full, String now) {
    this.subnet = subnet;
    this.blockPrefix = blockPrefix;
    this.host = host;
    this.full = new ArrayList<>(full);
    this.now = now;
  }

  @Override
  public BlockGrantOutcome process(Map.Entry<String, HazelcastJsonValue> entry) {
    BlockChanges.Granted granted = BlockChanges.grant(Jsons.read(entry.getValue(), BlockSet.class), subnet,
        blockPrefix, host, full, now);
    if (granted.outcome().allocated()) {
      entry.setValue(Jsons.toJson(granted.after()));
    }
    return granted.outcome();
  }
}
