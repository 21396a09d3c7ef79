package dev.weft.coordinator.store;

import com.hazelcast.core.HazelcastJsonValue;
import com.hazelcast.map.IMap;
import dev.weft.common.model.Network;
import dev.weft.coordinator.block.BlockEvent;
import dev.weft.coordinator.block.BlockGrantOutcome;
import dev.weft.coordinator.block.BlockListener;
import dev.weft.coordinator.block.BlockSet;
import dev.weft.coordinator.block.BlockStore;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * Per-host address blocks in Hazelcast, one {@link BlockSet} per network keyed by the network's name. Every method
 * blocks: call it from a worker, never from an event loop.
 */
public final class HazelcastBlockStore implements BlockStore {
  private final IMap<String, HazelcastJsonValue> map;
  private final StoreGuard guard;

  public HazelcastBlockStore(IMap<String, HazelcastJsonValue> map) {
    this(map, StoreGuard.single());
  }

  /** @param guard turns quorum loss and stale writes into clear failures (issue 4) */
  public HazelcastBlockStore(IMap<String, HazelcastJsonValue> map, StoreGuard guard) {
    this.map = map;
    this.guard = guard;
  }

  @Override
  public BlockGrantOutcome grant(Network network, String host, Collection<String> full, String now) {
    return guard.write(map, network.name(), () -> map.executeOnKey(network.name(),
        new GrantBlockProcessor(network.subnet(), network.blockPrefix(), host, List.copyOf(full), now)));
  }

  @Override
  public List<String> release(String network, String host, Collection<String> cidrs) {
    return guard.write(map, network, () -> map.executeOnKey(network, new ReleaseBlocksProcessor(host, List.copyOf(cidrs))));
  }

  @Override
  public BlockSet of(String network) {
    BlockSet set = Jsons.read(guard.read(() -> map.get(network)), BlockSet.class);
    return set == null ? BlockSet.EMPTY : set;
  }

  @Override
  public Map<String, BlockSet> all() {
    Map<String, BlockSet> all = new HashMap<>();
    guard.read(map::entrySet).forEach(e -> all.put(e.getKey(), Jsons.read(e.getValue(), BlockSet.class)));
    return all;
  }

  @Override
  public void removeNetwork(String network) {
    guard.read(() -> {
      map.delete(network);
      return null;
    });
  }

  @Override
  public void addListener(Executor executor, BlockListener listener) {
    MapWatcher.watch(map, BlockSet.class, executor, (k, o, n) -> listener.event(BlockEvent.of(k, o, n)));
  }
}
