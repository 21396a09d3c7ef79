package dev.weft.coordinator.store.memory;

import dev.weft.coordinator.settings.Settings;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@link Settings} in this process's memory, with the contract of the SQL settings: every method atomic (one lock,
 * as a transaction would be), prefixes matched literally, listings in key order. Never fails. For tests.
 */
public final class InMemorySettings implements Settings {
  private final TreeMap<String, String> values = new TreeMap<>();

  @Override
  public synchronized String get(String key) {
    return values.get(key);
  }

  @Override
  public synchronized String putIfAbsent(String key, String candidate) {
    String stored = values.putIfAbsent(key, candidate);
    return stored == null ? candidate : stored;
  }

  @Override
  public synchronized void put(String key, String value) {
    values.put(key, value);
  }

  @Override
  public synchronized boolean replaceIf(String key, String expected, String value) {
    return values.replace(key, expected, value);
  }

  @Override
  public synchronized boolean move(String from, String to, String expected, String archiveKey, String archive) {
    String moved = values.get(from);
    if (moved == null || !expected.equals(values.get(to))) {
      return false;
    }
    values.put(to, moved);
    values.remove(from);
    values.put(archiveKey, archive);
    return true;
  }

  @Override
  public synchronized Map<String, String> startingWith(String prefix) {
    Map<String, String> found = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : values.tailMap(prefix, true).entrySet()) {
      if (!e.getKey().startsWith(prefix)) {
        break;
      }
      found.put(e.getKey(), e.getValue());
    }
    return found;
  }
}
