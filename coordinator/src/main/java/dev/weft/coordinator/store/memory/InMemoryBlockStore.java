package dev.weft.coordinator.store.memory;

import dev.weft.common.ipam.BlockPlanner;
import dev.weft.common.model.Network;
import dev.weft.coordinator.block.BlockChanges;
import dev.weft.coordinator.block.BlockEvent;
import dev.weft.coordinator.block.BlockGrantOutcome;
import dev.weft.coordinator.block.BlockListener;
import dev.weft.coordinator.block.BlockSet;
import dev.weft.coordinator.block.BlockStore;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * Blocks in this process, one {@link BlockSet} per network changed atomically with {@code compute}, decided by
 * {@link BlockChanges} ({@link BlockPlanner}) as the Hazelcast store's entry processors are. Thread-safe.
 */
public final class InMemoryBlockStore implements BlockStore {
  private final Map<String, BlockSet> sets = new ConcurrentHashMap<>();
  private final Watchers<BlockSet> watchers = new Watchers<>();

  @Override
  public BlockGrantOutcome grant(Network network, String host, Collection<String> full, String now) {
    BlockGrantOutcome[] outcome = new BlockGrantOutcome[1];
    sets.compute(network.name(), (name, before) -> {
      BlockChanges.Granted granted = BlockChanges.grant(before, network.subnet(), network.blockPrefix(), host, full,
          now);
      outcome[0] = granted.outcome();
      if (!granted.outcome().allocated()) {
        return before;
      }
      watchers.fire(name, before, granted.after());
      return granted.after();
    });
    return outcome[0];
  }

  @Override
  public List<String> release(String network, String host, Collection<String> cidrs) {
    @SuppressWarnings("unchecked")
    List<String>[] removed = new List[] {List.of()};
    sets.computeIfPresent(network, (name, before) -> {
      BlockChanges.Released released = BlockChanges.release(before, host, cidrs);
      removed[0] = released.removed();
      if (!released.removed().isEmpty()) {
        watchers.fire(name, before, released.after());
      }
      return released.after();
    });
    return removed[0];
  }

  @Override
  public BlockSet of(String network) {
    return sets.getOrDefault(network, BlockSet.EMPTY);
  }

  @Override
  public Map<String, BlockSet> all() {
    return new HashMap<>(sets);
  }

  @Override
  public void removeNetwork(String network) {
    sets.computeIfPresent(network, (name, before) -> {
      watchers.fire(name, before, null);
      return null;
    });
  }

  @Override
  public void addListener(Executor executor, BlockListener listener) {
    watchers.add(executor, (k, before, after) -> listener.event(BlockEvent.of(k, before, after)));
  }
}
