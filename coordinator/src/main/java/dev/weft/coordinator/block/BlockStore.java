package dev.weft.coordinator.block;

import dev.weft.common.model.Network;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * Per-host address blocks, one {@link BlockSet} per network keyed by the network's name. Implementations may block
 * (a distributed store): call from a worker, never from an event loop. Failures of the storage itself surface as
 * runtime exceptions ({@code NoQuorumException}, {@code StoreException}).
 */
public interface BlockStore {
  /**
   * Answers a block {@code host} owns in {@code network} that is not in {@code full}, allocating the first free one
   * of the subnet when there is none ({@link dev.weft.common.ipam.BlockPlanner#grant}), atomically on the network's
   * entry: two hosts racing never get the same block.
   *
   * @param full blocks the host has no free address in; never null, may be empty
   * @param now  ISO-8601 instant stored with a new block
   * @return the grant, or one with {@link BlockGrantOutcome#exhausted()} when the subnet has no free block
   */
  BlockGrantOutcome grant(Network network, String host, Collection<String> full, String now);

  /**
   * Removes, atomically, the given blocks of {@code network} that {@code host} owns; others' stay (release checks the
   * owner).
   *
   * @return the removed ones; empty when none was the host's
   */
  List<String> release(String network, String host, Collection<String> cidrs);

  /** The blocks of one network; {@link BlockSet#EMPTY} when none, never null. */
  BlockSet of(String network);

  /** Network name to its blocks, for every network that has any; empty when none. */
  Map<String, BlockSet> all();

  /** Drops every block of a network (it was deleted); nothing when it had none. */
  void removeNetwork(String network);

  /**
   * Calls {@code listener} on {@code executor}, never on a storage thread, for every change made on any member: one
   * {@link BlockEvent} per change of one network's set, keyed by the network's name.
   */
  void addListener(Executor executor, BlockListener listener);
}
