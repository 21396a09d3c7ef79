package dev.weft.coordinator.store;

import com.hazelcast.core.HazelcastJsonValue;
import com.hazelcast.map.MapStore;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * Write-through persistence of one Hazelcast map of JSON values into the {@link Database}. Configured with write
 * delay 0 (every put is committed before it is acknowledged) and eager initial load. Each value carries its revision
 * ({@link RevisionInterceptor} stamps it); a write whose previous revision is not the stored one throws
 * {@link StaleEntryException}, so Hazelcast neither keeps nor acknowledges it.
 */
final class JsonMapStore implements MapStore<String, HazelcastJsonValue> {
  private final Database database;
  private final String map;
  /**
   * The entries read with the keys by {@link #loadAllKeys} (one scan of the map's rows), handed out by
   * {@link #loadAll} and forgotten as they go: the initial load of 100,000 endpoints is one query, not one per key.
   * Keys another member loads are not here; they are read in batches.
   */
  private final Map<String, String> preloaded = new java.util.concurrent.ConcurrentHashMap<>();

  JsonMapStore(Database database, String map) {
    this.database = database;
    this.map = map;
  }

  @Override
  public void store(String key, HazelcastJsonValue value) {
    String json = value.toString();
    long rev = Revisions.of(json);
    if (rev == 0) {
      // Not stamped (a value put without the interceptor): write it over whatever is stored, as before issue 4.
      rev = Revisions.of(database.get(map, key)) + 1;
      json = Revisions.stamp(json, rev);
    }
    if (!database.write(map, key, rev, json)) {
      throw new StaleEntryException(map + "/" + key + ": revision " + (rev - 1)
          + " of this member is not the stored one; another member changed it");
    }
  }

  @Override
  public void storeAll(Map<String, HazelcastJsonValue> entries) {
    entries.forEach(this::store);
  }

  @Override
  public void delete(String key) {
    database.delete(map, key);
  }

  @Override
  public void deleteAll(Collection<String> keys) {
    keys.forEach(this::delete);
  }

  @Override
  public HazelcastJsonValue load(String key) {
    String json = database.get(map, key);
    return json == null ? null : new HazelcastJsonValue(json);
  }

  @Override
  public Map<String, HazelcastJsonValue> loadAll(Collection<String> keys) {
    Map<String, HazelcastJsonValue> values = new HashMap<>();
    java.util.List<String> missing = new java.util.ArrayList<>();
    for (String key : keys) {
      String json = preloaded.remove(key);
      if (json != null) {
        values.put(key, new HazelcastJsonValue(json));
      } else {
        missing.add(key);
      }
    }
    database.getAll(map, missing).forEach((key, json) -> values.put(key, new HazelcastJsonValue(json)));
    return values;
  }

  /** Drops the rows {@link #loadAllKeys} read that no {@link #loadAll} took (keys loaded on other members). */
  void forgetPreloaded() {
    preloaded.clear();
  }

  @Override
  public Iterable<String> loadAllKeys() {
    preloaded.clear();
    preloaded.putAll(database.entries(map));
    return java.util.List.copyOf(preloaded.keySet());
  }
}
