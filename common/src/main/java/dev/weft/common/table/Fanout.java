package dev.weft.common.table;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Who gets what after a network's table changed: hosts that hold its table get the delta, connected participants
 * that hold none yet get a snapshot (they just started taking part, or their table was dropped). Pure.
 *
 * @param delta    the hosts to send the delta to
 * @param snapshot the hosts to send the current snapshot to; after it they hold the table too
 */
public record Fanout(Set<String> delta, Set<String> snapshot) {
  public Fanout {
    delta = Set.copyOf(delta);
    snapshot = Set.copyOf(snapshot);
  }

  /**
   * @param changed      whether the delta changes anything (an empty delta goes to nobody)
   * @param subscribed   the hosts that hold the network's table
   * @param participants the hosts that take part in the network (own a block or an endpoint there), up or not
   * @param connected    whether a host has a connection here; hosts without one get nothing
   */
  public static Fanout plan(boolean changed, Set<String> subscribed, Collection<String> participants,
                            Predicate<String> connected) {
    Set<String> delta = new LinkedHashSet<>();
    if (changed) {
      subscribed.stream().filter(connected).forEach(delta::add);
    }
    Set<String> snapshot = new LinkedHashSet<>();
    for (String host : participants) {
      if (connected.test(host) && !subscribed.contains(host)) {
        snapshot.add(host);
      }
    }
    return new Fanout(delta, snapshot);
  }
}
