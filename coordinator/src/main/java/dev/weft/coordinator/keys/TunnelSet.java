package dev.weft.coordinator.keys;

import java.util.Map;
import java.util.TreeMap;

/**
 * Every host's tunnel address (issue 6), as one store entry: one entry, so that an allocation sees every other one
 * atomically and no two hosts ever hold the same address, whichever member allocates.
 *
 * @param byHost host id to its tunnel address (IPv4, no prefix)
 */
public record TunnelSet(Map<String, String> byHost) {
  public static final TunnelSet EMPTY = new TunnelSet(Map.of());

  public TunnelSet {
    byHost = byHost == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(byHost));
  }
}
