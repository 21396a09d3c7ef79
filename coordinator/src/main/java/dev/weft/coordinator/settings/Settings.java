package dev.weft.coordinator.settings;

import java.util.Map;

/**
 * Cluster-wide settings, text keyed by text (tokens, the CA, host certificates, revocations): the {@code meta} table
 * of the database every member shares, or of a single member's data dir. The one place that code outside the store
 * reads and writes settings through; no caller writes SQL.
 *
 * <p>Every method is blocking (one or a few round trips to the database) and thread-safe. Failure: every method
 * throws {@link dev.weft.coordinator.error.StoreException} when the database cannot be reached or refuses a
 * statement; nothing changed then, or (for a write whose answer was lost) the write may have happened.
 */
public interface Settings {
  /**
   * The value of {@code key}.
   *
   * @return the stored value, or null when none was stored
   */
  String get(String key);

  /**
   * Stores {@code candidate} under {@code key} unless a value is there, atomically: of several members calling this
   * at once exactly one stores its candidate. Reads first, so that in steady state (the value long stored) no
   * statement fails.
   *
   * @return the value stored now: {@code candidate} when this call stored it, else the value stored earlier
   */
  String putIfAbsent(String key, String candidate);

  /** Stores {@code value} under {@code key}, replacing any value (an upsert: one statement, atomic). */
  void put(String key, String value);

  /**
   * Replaces the value of {@code key} only while it still holds {@code expected} (compare-and-set), so that of two
   * members changing one setting at once exactly one succeeds.
   *
   * @return false when the setting holds another value or none (nothing changed)
   */
  boolean replaceIf(String key, String expected, String value);

  /**
   * Moves a setting onto another in one transaction (a CA rotation's retire, issue 12): {@code to} takes the value of
   * {@code from}, only while {@code to} still holds {@code expected}, and {@code from} is removed; then
   * {@code archive} is stored under {@code archiveKey} (an upsert) in the same transaction. All of it or none.
   *
   * @return false when {@code from} is not set or {@code to} no longer holds {@code expected} (nothing changed)
   */
  boolean move(String from, String to, String expected, String archiveKey, String archive);

  /**
   * Every setting whose key starts with {@code prefix}, matched literally ({@code %} and {@code _} are no
   * wildcards).
   *
   * @return key to value in key order; empty when none matches
   */
  Map<String, String> startingWith(String prefix);
}
