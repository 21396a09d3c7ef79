package dev.weft.coordinator.keys;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * Tunnel addresses and pre-shared keys of encrypted transport (issue 6): the entry {@value #TUNNELS} holds every
 * tunnel address (one entry, so that an allocation sees every other one), and one entry per pair of hosts its
 * pre-shared key. Every method blocks: call it from a worker, never from an event loop. Failure: the
 * implementation's {@link RuntimeException} ({@link dev.weft.coordinator.error.NoQuorumException},
 * {@link dev.weft.coordinator.error.StoreException}); nothing changed then.
 */
public interface KeyStore {
  /** The key of the entry holding every tunnel address. */
  String TUNNELS = "tunnels";

  /**
   * The tunnel address of {@code host} from {@code pool} (a CIDR): the one it holds if inside the pool, else the
   * first free one; atomic on the tunnels entry, so no two hosts ever get one address.
   *
   * @return the address (IPv4, no prefix), or null when the pool has no free address
   */
  String allocateTunnel(String pool, String host);

  /** Frees the tunnel addresses of {@code hosts}, atomically. @return how many were held; 0 for an empty collection */
  int releaseTunnels(Collection<String> hosts);

  /** Every tunnel address; {@link TunnelSet#EMPTY} when none was allocated. */
  TunnelSet tunnels();

  /**
   * Stores {@code next} for its pair if the stored key's epoch is {@code expectedEpoch} (0 when none is stored);
   * atomic on the pair's entry (a compare-and-set).
   *
   * @return false when another writer came first (its key stands, nothing changed)
   */
  boolean putPairKey(long expectedEpoch, PairKey next);

  /** Every pair's key, in no particular order; empty when none. */
  List<PairKey> pairKeys();

  /** Deletes the key of a pair (one of its hosts was revoked); nothing happens when there is none. */
  void removePairKey(String id);

  /**
   * Calls {@code listener} on {@code executor} for every later change made on any member (another member
   * allocated or rotated: a hint to recompute), never on a storage thread or the writer's thread.
   */
  void addListener(Executor executor, KeyListener listener);
}
