package dev.weft.coordinator.distribution;

import dev.weft.coordinator.metrics.Counters;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent links connected here, one per host, and per network the hosts whose current link holds its table (got a
 * snapshot, then every delta). Sending counts the message and logs a failing link instead of throwing. Not
 * thread-safe: confined to the distribution thread.
 */
final class Links {
  private static final Logger LOG = LoggerFactory.getLogger(Links.class);

  private final Counters counters;
  private final Map<String, AgentLink> byHost = new HashMap<>();
  private final Map<String, Set<String>> subscribers = new HashMap<>();

  Links(Counters counters) {
    this.counters = counters;
  }

  /** Makes {@code link} its host's current link, closing an older one; the host holds no table until subscribed. */
  void put(AgentLink link) {
    AgentLink previous = byHost.put(link.hostId(), link);
    if (previous != null && previous != link) {
      previous.close();
    }
    unsubscribeEverywhere(link.hostId());
  }

  /** Forgets {@code link} when it is still its host's current one. */
  void remove(AgentLink link) {
    if (byHost.get(link.hostId()) == link) {
      byHost.remove(link.hostId());
      unsubscribeEverywhere(link.hostId());
    }
  }

  /** The host's current link; null when it has none here. */
  AgentLink get(String host) {
    return byHost.get(host);
  }

  boolean isCurrent(AgentLink link) {
    return byHost.get(link.hostId()) == link;
  }

  boolean connected(String host) {
    return byHost.containsKey(host);
  }

  int size() {
    return byHost.size();
  }

  Collection<AgentLink> all() {
    return new ArrayList<>(byHost.values());
  }

  /** The hosts that hold the network's table; a live set. */
  Set<String> subscribers(String network) {
    return subscribers.computeIfAbsent(network, n -> new HashSet<>());
  }

  void subscribe(String network, String host) {
    subscribers(network).add(host);
  }

  /** The network is gone: nobody holds its table. */
  void dropNetwork(String network) {
    subscribers.remove(network);
  }

  void sendToAll(Outgoing message) {
    byHost.values().forEach(link -> send(link, message));
  }

  /** Sends to the host's current link; nothing when it has none. */
  void sendTo(String host, Outgoing message) {
    AgentLink link = byHost.get(host);
    if (link != null) {
      send(link, message);
    }
  }

  void send(AgentLink link, Outgoing message) {
    try {
      link.send(message);
      counters.messageSent();
    } catch (RuntimeException e) {
      LOG.warn("sending to host {} failed: {}", link.hostId(), e.toString());
    }
  }

  void send(AgentLink link, String text) {
    try {
      link.send(text);
      counters.messageSent();
    } catch (RuntimeException e) {
      LOG.warn("sending to host {} failed: {}", link.hostId(), e.toString());
    }
  }

  private void unsubscribeEverywhere(String host) {
    subscribers.values().forEach(s -> s.remove(host));
  }
}
