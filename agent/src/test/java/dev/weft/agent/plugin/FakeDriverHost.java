package dev.weft.agent.plugin;

import dev.weft.agent.ipam.LocalIpam;
import dev.weft.common.model.Network;
import dev.weft.common.wire.ToCoordinator;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * An honest fake of the agent around the Docker driver: a catalog it can change, the messages it was asked to send,
 * a data plane that succeeds or fails as told, and a coordinator that grants the blocks queued for it (through
 * {@link LocalIpam#grant}, as the real block grant does) or refuses when none is queued. Thread-safe, since the
 * plugin server calls it from worker threads.
 */
final class FakeDriverHost implements DriverHost {
  static final String SUBNET = "100.64.0.0/24";
  static final Network RED = network("red", SUBNET, 300);
  static final Network BLUE = network("blue", "100.65.0.0/24", 301);

  private final LocalIpam ipam;
  private volatile Map<String, Network> catalog;
  private final List<ToCoordinator> sent = new ArrayList<>();
  private final List<String> blockRequests = new ArrayList<>();
  private final Map<String, Deque<List<String>>> grants = new TreeMap<>();
  private int applies;
  private RuntimeException applyFailure;

  FakeDriverHost(LocalIpam ipam, Network... networks) {
    this.ipam = ipam;
    Map<String, Network> byName = new TreeMap<>();
    for (Network n : networks) {
      byName.put(n.name(), n);
    }
    this.catalog = byName;
  }

  static Network network(String name, String subnet, int vni) {
    return new Network(name, subnet, vni, 0, false, Map.of(), 26, "2026-01-01T00:00:00Z");
  }

  /** No catalog yet (the agent has not heard from the coordinator). */
  void forgetCatalog() {
    catalog = null;
  }

  /** The coordinator's next answer to a block request for {@code network}: this host then owns {@code owned}. */
  synchronized void willGrant(String network, String... owned) {
    grants.computeIfAbsent(network, n -> new ArrayDeque<>()).add(List.of(owned));
  }

  /** The data plane fails every apply from now on with {@code failure}; null to succeed again. */
  synchronized void failApplies(RuntimeException failure) {
    this.applyFailure = failure;
  }

  synchronized List<ToCoordinator> sent() {
    return List.copyOf(sent);
  }

  synchronized List<String> blockRequests() {
    return List.copyOf(blockRequests);
  }

  synchronized int applies() {
    return applies;
  }

  @Override
  public Map<String, Network> catalog() {
    return catalog;
  }

  @Override
  public synchronized CompletableFuture<Void> requestBlock(Network network) {
    blockRequests.add(network.name());
    Deque<List<String>> queued = grants.get(network.name());
    if (queued == null || queued.isEmpty()) {
      return CompletableFuture.failedFuture(new IllegalStateException("pool of network " + network.name()
          + " exhausted"));
    }
    ipam.grant(network.name(), queued.poll());
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public synchronized void send(ToCoordinator message) {
    sent.add(message);
  }

  @Override
  public synchronized CompletableFuture<Void> applyNow() {
    applies++;
    return applyFailure == null ? CompletableFuture.completedFuture(null)
        : CompletableFuture.failedFuture(applyFailure);
  }
}
