package dev.weft.agent.reconcile;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The problems seen on the last pass, by key, so that the reconciler logs a problem when it appears or changes and
 * when it goes away, not on every pass (a resync runs every few seconds). One instance per concern; thread-safe (the
 * Docker thread records what it saw, the reconciler thread reads it).
 */
final class LogOnce {
  private final Map<String, String> last = new TreeMap<>();

  /** Records {@code message} under {@code key}; true when it is new or differs from the one recorded (log it). */
  synchronized boolean changed(String key, String message) {
    return !message.equals(last.put(key, message));
  }

  /** Forgets {@code key}; true when a problem was recorded under it (log the recovery, if wanted). */
  synchronized boolean cleared(String key) {
    return last.remove(key) != null;
  }

  /** The message recorded under {@code key}, or null when there is none. */
  synchronized String get(String key) {
    return last.get(key);
  }

  /** Forgets every key not in {@code keep}. */
  synchronized void retainOnly(Collection<String> keep) {
    last.keySet().retainAll(keep);
  }

  /** Every message recorded, ordered by key. */
  synchronized List<String> messages() {
    return List.copyOf(last.values());
  }
}
