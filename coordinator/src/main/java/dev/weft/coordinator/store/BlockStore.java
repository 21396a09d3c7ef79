package dev.weft.coordinator.store;

import com.hazelcast.core.HazelcastJsonValue;
import com.hazelcast.map.IMap;
import dev.weft.common.model.Network;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * Per-host address blocks in Hazelcast, one {@link BlockSet} per network keyed by the network's name. Every method
 * blocks: call it from a worker, never from an event loop.
 */
public final class BlockStore {
  private final IMap<String, HazelcastJsonValue> map;
  private final StoreGuard guard;

  public BlockStore(IMap<String, HazelcastJsonValue> map) {
    this(map, StoreGuard.single());
  }

  /** @param guard turns quorum loss and stale writes into clear failures (issue 4) */
  public BlockStore(IMap<String, HazelcastJsonValue> map, StoreGuard guard) {
    this.map = map;
    this.guard = guard;
  }

  /**
   * Answers a block {@code host} owns in {@code network} that is not in {@code full}, allocating the first free one
   * of the subnet when there is none, atomically on the network's entry.
   *
   * @param full blocks the host has no free address in; never null
   * @return the grant, or {@link BlockGrantOutcome#exhausted()} when the subnet has no free block
   */
  public BlockGrantOutcome grant(Network network, String host, Collection<String> full, String now) {
    return guard.write(map, network.name(), () -> map.executeOnKey(network.name(),
        new GrantBlockProcessor(network.subnet(), network.blockPrefix(), host, List.copyOf(full), now)));
  }

  /** Removes the given blocks of {@code network} that {@code host} owns; others stay. Answers the removed ones. */
  public List<String> release(String network, String host, Collection<String> cidrs) {
    return guard.write(map, network, () -> map.executeOnKey(network, new ReleaseBlocksProcessor(host, List.copyOf(cidrs))));
  }

  /** The blocks of one network; empty when none. */
  public BlockSet of(String network) {
    BlockSet set = Jsons.read(guard.read(() -> map.get(network)), BlockSet.class);
    return set == null ? BlockSet.EMPTY : set;
  }

  /** Network name to its blocks, for every network that has any. */
  public Map<String, BlockSet> all() {
    Map<String, BlockSet> all = new HashMap<>();
    guard.read(map::entrySet).forEach(e -> all.put(e.getKey(), Jsons.read(e.getValue(), BlockSet.class)));
    return all;
  }

  /** Drops every block of a network (it was deleted). */
  public void removeNetwork(String network) {
    guard.read(() -> {
      map.delete(network);
      return null;
    });
  }

  public void watch(Executor executor, ChangeListener<BlockSet> listener) {
    MapWatcher.watch(map, BlockSet.class, executor, listener);
  }
}
