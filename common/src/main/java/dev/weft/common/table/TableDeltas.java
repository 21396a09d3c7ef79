package dev.weft.common.table;

import dev.weft.common.model.Endpoint;
import dev.weft.common.model.Peer;
import dev.weft.common.wire.ToAgent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * What changed between a published table and the state it must now show, as the delta to its next version. Pure: the
 * caller hands in the current state, nothing here reads a store or sends anything.
 */
public final class TableDeltas {
  private TableDeltas() {
  }

  /**
   * The delta from {@code before} to a table whose peers are exactly {@code peersNow} and whose endpoints differ from
   * {@code before}'s at most at the addresses {@code ips}: peers are compared in full (O(peers)), endpoints only at
   * those addresses, so a burst of endpoint changes costs O(changes) and not O(endpoints) per change.
   *
   * @param peersNow   every peer the table must list (same host twice: the later wins)
   * @param ips        the endpoint addresses that may have changed; empty when only peers may have
   * @param endpointAt the endpoint the table must show at an address; null when it must show none
   * @return the delta to version {@code before.version() + 1} of {@code before}'s epoch; empty (see
   *     {@link NetworkTable#isEmpty}) when nothing changed
   */
  public static ToAgent.TableDelta partial(NetworkTable before, Collection<Peer> peersNow, Set<String> ips,
                                           Function<String, Endpoint> endpointAt) {
    Map<String, Peer> now = new HashMap<>();
    peersNow.forEach(p -> now.put(p.host(), p));
    List<Peer> peersAdded = new ArrayList<>();
    now.forEach((host, peer) -> {
      if (!peer.equals(before.peers().get(host))) {
        peersAdded.add(peer);
      }
    });
    List<String> peersRemoved = new ArrayList<>();
    for (String host : before.peers().keySet()) {
      if (!now.containsKey(host)) {
        peersRemoved.add(host);
      }
    }
    List<Endpoint> endpointsAdded = new ArrayList<>();
    List<String> endpointsRemoved = new ArrayList<>();
    for (String ip : ips) {
      Endpoint shown = endpointAt.apply(ip);
      Endpoint held = before.endpoints().get(ip);
      if (shown != null && !shown.equals(held)) {
        endpointsAdded.add(shown);
      } else if (shown == null && held != null) {
        endpointsRemoved.add(ip);
      }
    }
    return new ToAgent.TableDelta(before.network(), before.epoch(), before.version() + 1, peersAdded, peersRemoved,
        endpointsAdded, endpointsRemoved);
  }

  /** {@code before} with {@code delta} applied, or {@code before} itself when the delta changes nothing. */
  public static NetworkTable applied(NetworkTable before, ToAgent.TableDelta delta) {
    return NetworkTable.isEmpty(delta) ? before : before.apply(delta);
  }
}
