package dev.weft.coordinator.store;

import com.hazelcast.core.HazelcastJsonValue;
import com.hazelcast.map.MapStore;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * Write-through persistence of one Hazelcast map of JSON values into {@link EmbeddedDatabase}. Configured with
 * write delay 0 (every put is on disk before it is acknowledged) and eager initial load (every key at start).
 */
final class JsonMapStore implements MapStore<String, HazelcastJsonValue> {
  private final EmbeddedDatabase database;
  private final String map;

  JsonMapStore(EmbeddedDatabase database, String map) {
    this.database = database;
    this.map = map;
  }

  @Override
  public void store(String key, HazelcastJsonValue value) {
    database.put(map, key, value.toString());
  }

  @Override
  public void storeAll(Map<String, HazelcastJsonValue> entries) {
    Map<String, String> json = new HashMap<>();
    entries.forEach((k, v) -> json.put(k, v.toString()));
    database.putAll(map, json);
  }

  @Override
  public void delete(String key) {
    database.delete(map, key);
  }

  @Override
  public void deleteAll(Collection<String> keys) {
    database.deleteAll(map, keys);
  }

  @Override
  public HazelcastJsonValue load(String key) {
    String json = database.get(map, key);
    return json == null ? null : new HazelcastJsonValue(json);
  }

  @Override
  public Map<String, HazelcastJsonValue> loadAll(Collection<String> keys) {
    Map<String, HazelcastJsonValue> values = new HashMap<>();
    database.getAll(map, keys).forEach((k, v) -> values.put(k, new HazelcastJsonValue(v)));
    return values;
  }

  @Override
  public Iterable<String> loadAllKeys() {
    return database.keys(map);
  }
}
