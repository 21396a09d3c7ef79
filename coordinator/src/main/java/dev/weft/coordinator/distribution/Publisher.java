package dev.weft.coordinator.distribution;

import dev.weft.common.table.Fanout;
import dev.weft.common.table.NetworkTable;
import dev.weft.common.table.TableDeltas;
import dev.weft.common.wire.ToAgent;
import dev.weft.common.wire.WireCodec;
import java.util.Set;

/**
 * Publishes a network's next table from the view: the new table, the delta once, the JSON once, sent to the connected
 * hosts of that network only (O(participants), never O(hosts²)); participants that hold no table yet get a snapshot.
 * Not thread-safe: confined to the distribution thread.
 */
final class Publisher {
  private final WireCodec codec;
  private final Tables tables;
  private final Links links;

  Publisher(WireCodec codec, Tables tables, Links links) {
    this.codec = codec;
    this.tables = tables;
    this.links = links;
  }

  /** Publishes the network's next table if its content changed, and brings every connected participant along. */
  void recompute(NetworkView view, String network) {
    if (!view.exists(network)) {
      return;
    }
    NetworkTable before = tables.get(network);
    NetworkTable after = before.next(view.peers(network), view.visibleEndpoints(network));
    publish(view, network, after, NetworkTable.diff(before, after));
  }

  /**
   * As {@link #recompute}, when only blocks and the endpoints at {@code ips} may have changed: the peers are compared
   * in full, the endpoints only at those addresses, and the new table is the old one with the delta applied (one
   * copy), instead of a table rebuilt from every endpoint of the network per change.
   */
  void recomputeChanged(NetworkView view, String network, Set<String> ips) {
    if (!view.exists(network)) {
      return;
    }
    NetworkTable before = tables.get(network);
    ToAgent.TableDelta delta = TableDeltas.partial(before, view.peers(network), ips,
        ip -> view.visibleEndpoint(network, ip));
    publish(view, network, TableDeltas.applied(before, delta), delta);
  }

  private void publish(NetworkView view, String network, NetworkTable after, ToAgent.TableDelta delta) {
    boolean changed = !NetworkTable.isEmpty(delta);
    Fanout fanout = Fanout.plan(changed, links.subscribers(network), view.participants(network), links::connected);
    if (changed) {
      tables.put(network, after);
      Outgoing text = new Outgoing(codec.encode(delta));
      fanout.delta().forEach(host -> links.sendTo(host, text));
    }
    if (!fanout.snapshot().isEmpty()) {
      Outgoing snapshot = tables.encodedSnapshot(network);
      for (String host : fanout.snapshot()) {
        links.sendTo(host, snapshot);
        links.subscribe(network, host);
      }
    }
  }
}
