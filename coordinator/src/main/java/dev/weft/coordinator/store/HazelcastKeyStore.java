package dev.weft.coordinator.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.hazelcast.core.HazelcastJsonValue;
import com.hazelcast.map.IMap;
import dev.weft.coordinator.keys.KeyEntry;
import dev.weft.coordinator.keys.KeyEvent;
import dev.weft.coordinator.keys.KeyListener;
import dev.weft.coordinator.keys.KeyStore;
import dev.weft.coordinator.keys.PairKey;
import dev.weft.coordinator.keys.TunnelSet;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * {@link KeyStore} in one durable Hazelcast map: the tunnels entry and one entry per pair, each change one entry
 * processor on its key.
 */
public final class HazelcastKeyStore implements KeyStore {
  private final IMap<String, HazelcastJsonValue> map;
  private final StoreGuard guard;

  public HazelcastKeyStore(IMap<String, HazelcastJsonValue> map, StoreGuard guard) {
    this.map = map;
    this.guard = guard;
  }

  @Override
  public String allocateTunnel(String pool, String host) {
    return guard.write(map, TUNNELS, () -> map.executeOnKey(TUNNELS, new AllocateTunnelProcessor(pool, host)));
  }

  @Override
  public int releaseTunnels(Collection<String> hosts) {
    if (hosts.isEmpty()) {
      return 0;
    }
    Integer released = guard.write(map, TUNNELS,
        () -> map.executeOnKey(TUNNELS, new ReleaseTunnelsProcessor(List.copyOf(hosts))));
    return released == null ? 0 : released;
  }

  @Override
  public TunnelSet tunnels() {
    TunnelSet set = Jsons.read(guard.read(() -> map.get(TUNNELS)), TunnelSet.class);
    return set == null ? TunnelSet.EMPTY : set;
  }

  @Override
  public boolean putPairKey(long expectedEpoch, PairKey next) {
    Boolean done = guard.write(map, next.id(),
        () -> map.executeOnKey(next.id(), new PutPairKeyProcessor(expectedEpoch, next)));
    return Boolean.TRUE.equals(done);
  }

  @Override
  public List<PairKey> pairKeys() {
    List<PairKey> keys = new ArrayList<>();
    for (Map.Entry<String, HazelcastJsonValue> e : guard.read(map::entrySet)) {
      if (!e.getKey().equals(TUNNELS)) {
        keys.add(Jsons.read(e.getValue(), PairKey.class));
      }
    }
    return keys;
  }

  @Override
  public void removePairKey(String id) {
    guard.write(map, id, () -> map.remove(id));
  }

  @Override
  public void addListener(Executor executor, KeyListener listener) {
    // One map holds two types: read the JSON as a tree, then as the type its key says.
    MapWatcher.watch(map, JsonNode.class, executor,
        (k, o, n) -> listener.event(KeyEvent.of(k, entry(k, o), entry(k, n))));
  }

  private static KeyEntry entry(String key, JsonNode json) {
    if (json == null) {
      return null;
    }
    Class<? extends KeyEntry> type = TUNNELS.equals(key) ? TunnelSet.class : PairKey.class;
    return Jsons.read(json.toString(), type);
  }
}
