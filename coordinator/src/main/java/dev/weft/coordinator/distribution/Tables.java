package dev.weft.coordinator.distribution;

import dev.weft.common.table.NetworkTable;
import dev.weft.common.wire.WireCodec;
import java.util.HashMap;
import java.util.Map;

/**
 * Each network's current table under this process's epoch, and its encoded snapshot, made at most once per version.
 * Not thread-safe: confined to the distribution thread.
 */
final class Tables {
  private final String epoch;
  private final WireCodec codec;
  private final Map<String, NetworkTable> byNetwork = new HashMap<>();
  private final Map<String, Outgoing> encodedSnapshots = new HashMap<>();

  Tables(String epoch, WireCodec codec) {
    this.epoch = epoch;
    this.codec = codec;
  }

  /** The current table; an empty one at version 0 when the network has none yet. */
  NetworkTable get(String network) {
    return byNetwork.computeIfAbsent(network, n -> NetworkTable.empty(n, epoch));
  }

  void put(String network, NetworkTable table) {
    byNetwork.put(network, table);
    encodedSnapshots.remove(network);
  }

  void remove(String network) {
    byNetwork.remove(network);
    encodedSnapshots.remove(network);
  }

  Iterable<String> networks() {
    return Map.copyOf(byNetwork).keySet();
  }

  Outgoing encodedSnapshot(String network) {
    return encodedSnapshots.computeIfAbsent(network, n -> new Outgoing(codec.encode(get(n).snapshot())));
  }
}
