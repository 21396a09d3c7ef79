package dev.weft.coordinator.distribution;

import java.util.Map;

/**
 * The distribution's view at one moment, for {@code /metrics}.
 *
 * @param tableVersions network name to the version of its current table
 */
public record Gauges(int hostsUp, int hostsDown, int networks, int endpoints, int agentsConnected,
                     Map<String, Long> tableVersions) {
  public Gauges {
    tableVersions = Map.copyOf(tableVersions);
  }
}
