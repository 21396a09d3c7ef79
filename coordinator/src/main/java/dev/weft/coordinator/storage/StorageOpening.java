package dev.weft.coordinator.storage;

import dev.weft.coordinator.error.StoreException;

import dev.weft.coordinator.settings.Settings;
import java.util.function.LongSupplier;

/**
 * Storage in two steps: the settings first, so that the cluster CA is checked against the master key before this
 * member joins anyone (issue 12), then the rest.
 */
public interface StorageOpening extends AutoCloseable {
  /** The settings, readable and writable before {@link #start}. */
  Settings settings();

  /**
   * Starts the stores and joins the cluster; blocking (seconds). After it, {@link #close} is the returned storage's.
   *
   * @param clusterName only members with the same name join each other
   * @param failovers   agent registrations that carried tables from an earlier connection, for the metrics
   * @throws StoreException when the database or the cluster cannot be reached
   */
  Storage start(String clusterName, LongSupplier failovers);

  /** Closes what was opened when {@link #start} is not called or failed; idempotent. */
  @Override
  void close();
}
