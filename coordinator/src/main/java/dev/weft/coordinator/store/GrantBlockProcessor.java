package dev.weft.coordinator.store;

import com.hazelcast.core.HazelcastJsonValue;
import com.hazelcast.map.EntryProcessor;
import dev.weft.common.ipam.BlockAllocator;
import dev.weft.common.net.Cidr;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Hands out a block on one network's entry: an owned one with room, else the first free one of the subnet. */
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
    List<String> owned = set.ownedBy(host).stream().map(Block::cidr).toList();
    for (String cidr : owned) {
      if (!full.contains(cidr)) {
        return new BlockGrantOutcome(cidr, owned, false);
      }
    }
    List<Cidr> taken = set.blocks().stream().map(b -> Cidr.parse(b.cidr())).toList();
    Optional<Cidr> next = new BlockAllocator().next(Cidr.parse(subnet), blockPrefix, taken);
    if (next.isEmpty()) {
      return new BlockGrantOutcome(null, owned, false);
    }
    List<Block> blocks = new ArrayList<>(set.blocks());
    blocks.add(new Block(next.get().toString(), host, now));
    entry.setValue(Jsons.toJson(new BlockSet(blocks)));
    List<String> nowOwned = new ArrayList<>(owned);
    nowOwned.add(next.get().toString());
    return new BlockGrantOutcome(next.get().toString(), nowOwned, true);
  }
}
