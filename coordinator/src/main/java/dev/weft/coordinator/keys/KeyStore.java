package dev.weft.coordinator.keys;

import com.hazelcast.core.HazelcastJsonValue;
import com.hazelcast.map.IMap;
import dev.weft.coordinator.store.ChangeListener;
import dev.weft.coordinator.store.Jsons;
import dev.weft.coordinator.store.StoreGuard;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * Tunnel addresses and pre-shared keys of encrypted transport (issue 6), in one durable map: the entry
 * {@value #TUNNELS} holds every tunnel address, and one entry per pair of hosts its pre-shared key. Every method
 * blocks: call it from a worker, never from an event loop.
 */
public final class KeyStore {
  static final String TUNNELS = "tunnels";

  private final IMap<String, HazelcastJsonValue> map;
  private final StoreGuard guard;

  public KeyStore(IMap<String, HazelcastJsonValue> map, StoreGuard guard) {
    this.map = map;
    this.guard = guard;
  }

  /**
   * The tunnel address of {@code host} from {@code pool}: the one it holds, else a new one; atomic on one entry.
   *
   * @return the address, or null when the pool has no free address
   */
  public String allocateTunnel(String pool, String host) {
    return guard.write(map, TUNNELS, () -> map.executeOnKey(TUNNELS, new AllocateTunnelProcessor(pool, host)));
  }

  /** Frees the tunnel addresses of {@code hosts}; answers how many were held. */
  public int releaseTunnels(Collection<String> hosts) {
    if (hosts.isEmpty()) {
      return 0;
    }
    Integer released = guard.write(map, TUNNELS,
        () -> map.executeOnKey(TUNNELS, new ReleaseTunnelsProcessor(List.copyOf(hosts))));
    return released == null ? 0 : released;
  }

  public TunnelSet tunnels() {
    TunnelSet set = Jsons.read(guard.read(() -> map.get(TUNNELS)), TunnelSet.class);
    return set == null ? TunnelSet.EMPTY : set;
  }

  /**
   * Stores {@code next} for its pair if the stored key's epoch is {@code expectedEpoch} (0 when none is stored).
   *
   * @return false when another member wrote first (its key stands)
   */
  public boolean putPairKey(long expectedEpoch, PairKey next) {
    Boolean done = guard.write(map, next.id(),
        () -> map.executeOnKey(next.id(), new PutPairKeyProcessor(expectedEpoch, next)));
    return Boolean.TRUE.equals(done);
  }

  /** Every pair's key. */
  public List<PairKey> pairKeys() {
    List<PairKey> keys = new ArrayList<>();
    for (Map.Entry<String, HazelcastJsonValue> e : guard.read(map::entrySet)) {
      if (!e.getKey().equals(TUNNELS)) {
        keys.add(Jsons.read(e.getValue(), PairKey.class));
      }
    }
    return keys;
  }

  /** Deletes the key of a pair (one of its hosts was revoked). */
  public void removePairKey(String id) {
    guard.write(map, id, () -> map.remove(id));
  }

  /** Any change (another member allocated or rotated) is a hint to recompute. */
  public void watch(Executor executor, Runnable changed) {
    ChangeListener<Object> any = (key, before, after) -> changed.run();
    dev.weft.coordinator.store.MapWatcher.watch(map, Object.class, executor, any);
  }
}
