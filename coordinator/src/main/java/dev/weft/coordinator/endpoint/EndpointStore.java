package dev.weft.coordinator.endpoint;

import dev.weft.common.model.Endpoint;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * Endpoints keyed by {@code network/ip}, so that an address is held at most once per network. Implementations may
 * block (a distributed store): call from a worker, never from an event loop. Failures of the storage itself surface
 * as runtime exceptions ({@code NoQuorumException}, {@code StoreException}).
 *
 * <p>Check-then-act across stores (issue 13): each network has a lock in this store. {@link #put(Endpoint, Runnable)}
 * runs its check and its write under it, and {@link #withEndpoints} runs a whole decision under it (a network's
 * deletion, a block's reclaim). So a decision "this network (or this host in it) has no endpoint, so remove it" and
 * an endpoint that is being added never interleave: either the put came first and the decision sees the endpoint, or
 * the decision came first and the put's check sees its effect (network gone, block released) and refuses. A lock
 * rather than a "deleting" mark, because a mark left by a member that died mid-way would need its own cleanup; a
 * lock of a member that leaves the cluster is released.
 */
public interface EndpointStore {
  /** The key of the endpoint at {@code ip} of {@code network}. */
  static String key(String network, String ip) {
    return network + "/" + ip;
  }

  /**
   * Stores the endpoint unless its address is held by another host (then nothing changes). Replaces the host's own
   * endpoint at that address (a container restarted with the same address). Atomic per address.
   *
   * @return empty when stored; else the id of the host holding the address
   */
  default Optional<String> put(Endpoint endpoint) {
    return put(endpoint, () -> {
    });
  }

  /**
   * As {@link #put(Endpoint)}, after running {@code check} under the lock of the endpoint's network: whatever it
   * throws propagates and nothing is stored. No {@link #withEndpoints} of that network runs between the check and the
   * write.
   *
   * @param check throws when the endpoint may no longer be stored (its network was deleted, its block released)
   * @return empty when stored; else the id of the host holding the address
   */
  Optional<String> put(Endpoint endpoint, Runnable check);

  /**
   * Runs {@code decision} under the lock of {@code network}, with its endpoints (only those of {@code host}, when not
   * null) as they are then: no {@link #put(Endpoint, Runnable)} of that network can come between the reading and the
   * end of the decision, which may call other stores. Its exceptions propagate (the lock is released).
   *
   * @return what {@code decision} answers
   */
  <T> T withEndpoints(String network, String host, Function<List<Endpoint>, T> decision);

  /**
   * Removes the endpoint at {@code ip} when {@code host} holds it, atomically.
   *
   * @return true when removed; false when absent or held by another host
   */
  boolean remove(String network, String ip, String host);

  /** The endpoint at {@code ip} of {@code network}; empty when none. */
  Optional<Endpoint> get(String network, String ip);

  /** The endpoints of one network by IP; empty when none. */
  List<Endpoint> ofNetwork(String network);

  /** The endpoints of one host, in every network, by network then IP; empty when none. */
  List<Endpoint> ofHost(String host);

  /** The endpoints of one host in one network by IP; empty when none. */
  List<Endpoint> of(String network, String host);

  /** Every endpoint, in no particular order; empty when none. */
  List<Endpoint> all();

  /** How many endpoints are stored. */
  int count();

  /** Drops every endpoint of a network (it was deleted); nothing when it had none. */
  void removeNetwork(String network);

  /**
   * Calls {@code listener} on {@code executor}, never on a storage thread, for every change made on any member: one
   * {@link EndpointEvent} per endpoint, keyed by {@link #key}.
   */
  void addListener(Executor executor, EndpointListener listener);
}
