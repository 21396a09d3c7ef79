package dev.weft.coordinator.network;

import dev.weft.common.model.Network;
import dev.weft.common.validation.NetworkDefaults;
import dev.weft.common.validation.NetworkRequest;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * The network catalog: every network, kept as one value so that a creation decides against all of them atomically.
 * Implementations may block (a distributed store): call from a worker, never from an event loop. Failures of the
 * storage itself surface as runtime exceptions ({@code NoQuorumException}, {@code StoreException}).
 */
public interface NetworkStore {
  /**
   * Creates a network in one atomic step: checks the name, the subnet (given or the next free one from the pool)
   * and the VNI (given or the next free one from the range) against every stored network and writes, as
   * {@link dev.weft.common.plan.NetworkPlanner#decide} decides.
   *
   * @param createdAt ISO-8601 instant stored with the network
   * @return the created network, or why it was refused; never null
   */
  NetworkCreation create(NetworkRequest request, NetworkDefaults defaults, String createdAt);

  /** Removes a network from the catalog, atomically; empty when it did not exist. */
  Optional<Network> remove(String name);

  /** The network; empty when unknown. */
  Optional<Network> get(String name);

  /** Every network in creation order; empty when none. */
  List<Network> list();

  /** The whole catalog; {@link NetworkCatalog#EMPTY} when no network exists, never null. */
  NetworkCatalog catalog();

  /**
   * Calls {@code listener} on {@code executor}, never on a storage thread, for every change of the catalog made on
   * any member: one {@link NetworkEvent} per change with the whole catalog before and after (see there why).
   */
  void addListener(Executor executor, NetworkListener listener);
}
