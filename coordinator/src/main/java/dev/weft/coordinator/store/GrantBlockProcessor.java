package dev.weft.coordinator.store;

import com.hazelcast.core.HazelcastJsonValue;
import com.hazelcast.map.EntryProcessor;
import dev.weft.common.ipam.BlockPlanner;
import dev.weft.common.net.Cidr;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
    BlockSet set = entry.getValue() == null ? BlockSet.EMPTY : Jsons.read(entry.getValue(), BlockSet.class);
    Map<String, String> ownerByCidr = new LinkedHashMap<>();
    set.blocks().forEach(b -> ownerByCidr.put(b.cidr(), b.owner()));
    BlockPlanner.Grant grant = BlockPlanner.grant(Cidr.parse(subnet), blockPrefix, ownerByCidr, host, full);
    if (grant.allocated()) {
      List<Block> blocks = new ArrayList<>(set.blocks());
      blocks.add(new Block(grant.block(), host, now));
      entry.setValue(Jsons.toJson(new BlockSet(blocks)));
    }
    return new BlockGrantOutcome(grant.block(), grant.owned(), grant.allocated());
  }
}
