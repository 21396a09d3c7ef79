package dev.weft.coordinator.distribution;

import dev.weft.common.model.Endpoint;
import dev.weft.common.model.ServiceRule;
import dev.weft.common.table.NetworkTable;
import dev.weft.common.table.ResumePlan;
import dev.weft.common.wire.ToAgent;
import dev.weft.common.wire.WireCodec;
import dev.weft.coordinator.metrics.Counters;
import dev.weft.coordinator.block.BlockSet;
import dev.weft.coordinator.host.HostRecord;
import dev.weft.coordinator.network.NetworkCatalog;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * What {@link TableDistributor} does, on its thread: every method here runs on the distribution thread only, so
 * events, registrations and snapshot requests are handled in one order: a snapshot sent to an agent is always
 * followed by exactly the deltas after it. Not thread-safe.
 */
final class Distribution {
  private final String epoch;
  private final int heartbeatSeconds;
  private final WireCodec codec;
  private final Counters counters;
  private final Links links;
  private final Tables tables;
  private final Publisher publisher;
  private final DirtyNetworks dirty;
  /** Swarm service rules (issue 5), by network then service; every agent gets the whole list. */
  private final Set<ServiceRule> serviceRules = new TreeSet<>(Comparator
      .comparing(ServiceRule::network).thenComparing(ServiceRule::service));
  private NetworkView view = new NetworkView();
  private volatile Consumer<String> connectedListener = host -> { };

  /** @param executor the distribution thread, where batched changes are flushed */
  Distribution(String epoch, int heartbeatSeconds, WireCodec codec, Counters counters, Executor executor) {
    this.epoch = epoch;
    this.heartbeatSeconds = heartbeatSeconds;
    this.codec = codec;
    this.counters = counters;
    this.links = new Links(counters);
    this.tables = new Tables(epoch, codec);
    this.publisher = new Publisher(codec, tables, links);
    this.dirty = new DirtyNetworks(executor, this::flush);
  }

  void resync(TableDistributor.Stored stored) {
    NetworkView fresh = new NetworkView();
    fresh.seed(stored.catalog(), stored.hosts(), stored.blocks(), stored.endpoints());
    view = fresh;
    for (String network : tables.networks()) {
      if (!view.exists(network)) {
        dropNetwork(network);
      }
    }
    links.sendToAll(new Outgoing(codec.encode(catalogMessage())));
    view.networks().forEach(n -> publisher.recompute(view, n.name()));
  }

  void closeAll() {
    links.all().forEach(AgentLink::close);
  }

  void seedServiceRules(Collection<ServiceRule> rules) {
    serviceRules.addAll(rules);
  }

  void serviceRuleChanged(ServiceRule before, ServiceRule after) {
    flush();
    boolean changed = before != null && serviceRules.remove(before);
    changed |= after != null && serviceRules.add(after);
    if (changed) {
      links.sendToAll(new Outgoing(codec.encode(servicesMessage())));
    }
  }

  void catalogChanged(NetworkCatalog after) {
    flush();
    view.applyCatalog(after == null ? NetworkCatalog.EMPTY : after).forEach(this::dropNetwork);
    links.sendToAll(new Outgoing(codec.encode(catalogMessage())));
    view.networks().forEach(n -> publisher.recompute(view, n.name()));
  }

  void hostChanged(String id, HostRecord before, HostRecord after) {
    flush();
    AgentLink link = links.get(id);
    if (after == null && link != null) {
      link.close(); // deleted through the API (issue 6): its session ends on every member
    }
    view.applyHost(id, before, after).forEach(network -> publisher.recompute(view, network));
  }

  void blocksChanged(String network, BlockSet before, BlockSet after) {
    view.applyBlocks(network, before, after);
    dirty.mark(network, null);
  }

  void endpointChanged(Endpoint before, Endpoint after) {
    String network = view.applyEndpoint(before, after);
    dirty.mark(network, before != null ? before.ip() : after.ip());
    if (before != null && after != null && !before.ip().equals(after.ip())) {
      dirty.mark(network, after.ip());
    }
  }

  void attach(AgentLink link, Map<String, String> digests, List<ToAgent> after) {
    flush();
    String host = link.hostId();
    links.put(link);
    links.send(link, codec.encode(new ToAgent.Welcome(host, heartbeatSeconds, epoch)));
    links.send(link, codec.encode(catalogMessage()));
    links.send(link, codec.encode(servicesMessage()));
    List<NetworkTable> held = new ArrayList<>();
    for (String network : view.networksOf(host)) {
      held.add(tables.get(network));
      links.subscribe(network, host);
    }
    ResumePlan plan = ResumePlan.of(held, digests);
    if (!plan.resumed().isEmpty()) {
      links.send(link, codec.encode(new ToAgent.Resume(epoch, plan.resumed())));
    }
    plan.stale().forEach(network -> links.send(link, tables.encodedSnapshot(network)));
    counters.tablesAttached(plan.resumed().size(), plan.stale().size());
    after.forEach(message -> links.send(link, codec.encode(message)));
    connectedListener.accept(host);
  }

  /** May be called from any thread; the listener runs on the distribution thread. */
  void onConnected(Consumer<String> listener) {
    this.connectedListener = listener;
  }

  void sendTo(String host, ToAgent message) {
    AgentLink link = links.get(host);
    if (link != null) {
      links.send(link, codec.encode(message));
    }
  }

  void detach(AgentLink link) {
    flush();
    links.remove(link);
  }

  void sendSnapshot(AgentLink link, String network) {
    flush();
    if (!view.exists(network)) {
      links.send(link, codec.encode(new ToAgent.Error(null, "unknown-network",
          "network \"" + network + "\" not found")));
      return;
    }
    links.send(link, tables.encodedSnapshot(network));
    if (links.isCurrent(link)) {
      links.subscribe(network, link.hostId());
    }
  }

  Gauges gauges() {
    flush();
    Map<String, Long> versions = new TreeMap<>();
    view.networks().forEach(n -> versions.put(n.name(), tables.get(n.name()).version()));
    int up = view.hostsUp();
    return new Gauges(up, view.hostCount() - up, versions.size(), view.endpointCount(), links.size(), versions);
  }

  /** Publishes the tables of the networks changed since the last flush. */
  void flush() {
    dirty.drain().forEach((network, ips) -> publisher.recomputeChanged(view, network, ips));
  }

  private void dropNetwork(String network) {
    tables.remove(network);
    links.dropNetwork(network);
  }

  private ToAgent.Networks catalogMessage() {
    return new ToAgent.Networks(view.networks());
  }

  private ToAgent.Services servicesMessage() {
    return new ToAgent.Services(List.copyOf(serviceRules));
  }
}
