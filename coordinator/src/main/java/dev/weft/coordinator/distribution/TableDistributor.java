package dev.weft.coordinator.distribution;

import dev.weft.common.model.Endpoint;
import dev.weft.common.model.ServiceRule;
import dev.weft.common.wire.ToAgent;
import dev.weft.common.wire.WireCodec;
import dev.weft.coordinator.metrics.Counters;
import dev.weft.coordinator.block.BlockSet;
import dev.weft.coordinator.host.HostRecord;
import dev.weft.coordinator.network.NetworkCatalog;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Keeps each network's peer and endpoint table in memory and pushes changes to the agents that take part.
 *
 * <p>Fed by store change events (Hazelcast entry events, so changes made on any member arrive here) through a
 * {@link NetworkView}. Every public method may be called from any thread: each moves its work onto the one
 * distribution thread ({@link #executor()}), where all state is confined ({@link Distribution}), so events,
 * registrations and snapshot requests are handled in one order. A call made on that thread already (a store that
 * delivers its events on {@link #executor()}) runs at once, in the order it was delivered.
 */
public final class TableDistributor implements AutoCloseable {
  private final String epoch;
  private final ExecutorService executor;
  private final Distribution state;
  private volatile Thread thread;

  /**
   * @param epoch            this process's numbering of table versions: random per start; agents carry tables
   *                         across members and restarts by their digest, not by epoch and version
   * @param heartbeatSeconds the interval announced to agents in the welcome
   */
  public TableDistributor(String epoch, int heartbeatSeconds, WireCodec codec, Counters counters) {
    this.epoch = epoch;
    this.executor = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "weft-distribution");
      t.setDaemon(true);
      thread = t;
      return t;
    });
    this.state = new Distribution(epoch, heartbeatSeconds, codec, counters, executor);
  }

  public String epoch() {
    return epoch;
  }

  /**
   * The distribution thread. Stores may deliver their events on it (they then run at once, in delivery order); any
   * other thread works too, the call then moves there itself.
   */
  public ExecutorService executor() {
    return executor;
  }

  /** Stored state for {@link #resync}. */
  public record Stored(NetworkCatalog catalog, Collection<HostRecord> hosts, Map<String, BlockSet> blocks,
                       Collection<Endpoint> endpoints) {
  }

  /**
   * Rebuilds the view from stored state and sends every table's difference (issue 4). At start, with the store's
   * listeners already registered; after a split healed, when the changes the other side made never arrived here as
   * events. {@code load} runs on the distribution thread, after every event delivered before it (whose change it
   * therefore reads) and before every event delivered after it, so no change falls between reading and listening.
   * A failing load leaves the view as it was.
   */
  public CompletableFuture<Void> resync(Supplier<Stored> load) {
    return CompletableFuture.runAsync(() -> {
      state.flush();
      state.resync(load.get());
    }, executor);
  }

  /**
   * Closes every agent connection (issue 4: this member lost its majority; its agents move to a member that has
   * one, since it can neither take their changes nor see the majority's).
   */
  public void closeAll() {
    executor.execute(state::closeAll);
  }

  /**
   * Loads the stored service rules at start, with the rules' listener already registered: {@code load} runs on the
   * distribution thread, like {@link #resync}'s.
   */
  public CompletableFuture<Void> seedServiceRules(Supplier<Collection<ServiceRule>> load) {
    return CompletableFuture.runAsync(() -> state.seedServiceRules(load.get()), executor);
  }

  /** A service rule was added or removed: every connected agent gets the full list again. */
  public void serviceRuleChanged(String key, ServiceRule before, ServiceRule after) {
    onThread(() -> state.serviceRuleChanged(before, after));
  }

  /** The catalog changed: tables of new networks start, those of deleted ones go; every agent gets the catalog. */
  public void catalogChanged(String key, NetworkCatalog before, NetworkCatalog after) {
    onThread(() -> state.catalogChanged(after));
  }

  /** A host record changed (registered, updated, up or down) or was removed (revoked). */
  public void hostChanged(String id, HostRecord before, HostRecord after) {
    onThread(() -> state.hostChanged(id, before, after));
  }

  /** The blocks of a network changed. */
  public void blocksChanged(String network, BlockSet before, BlockSet after) {
    onThread(() -> state.blocksChanged(network, before, after));
  }

  /** An endpoint was added, replaced or removed. */
  public void endpointChanged(String key, Endpoint before, Endpoint after) {
    onThread(() -> state.endpointChanged(before, after));
  }

  /**
   * A registered agent connected: it gets the welcome, the catalog, the service rules, then for every network its
   * host takes part in either a snapshot or, where {@code digests} shows it already holds a table with the current
   * content, one {@code resume} naming them all (after a failover or a coordinator restart the content is usually
   * unchanged: no snapshot storm); then {@code after}. A previous link of the same host is closed.
   */
  public void attach(AgentLink link, Map<String, String> digests, List<ToAgent> after) {
    executor.execute(() -> state.attach(link, digests, after));
  }

  /** Told the host id of every newly attached link, on the distribution thread (the key tables, issue 6). */
  public void onConnected(Consumer<String> listener) {
    state.onConnected(listener);
  }

  /**
   * Sends one message to {@code host}'s current link, after everything queued before it; dropped when the host has
   * no link here. For per-host messages such as the key table (issue 6).
   */
  public void sendTo(String host, ToAgent message) {
    executor.execute(() -> state.sendTo(host, message));
  }

  /** The connection closed; a newer link of the same host stays. */
  public void detach(AgentLink link) {
    executor.execute(() -> state.detach(link));
  }

  /** Sends the current table of {@code network} to the link (asked after a gap); an error when unknown. */
  public void sendSnapshot(AgentLink link, String network) {
    executor.execute(() -> state.sendSnapshot(link, network));
  }

  /** The numbers {@code /metrics} shows, read on the distribution thread. */
  public CompletableFuture<Gauges> gauges() {
    return CompletableFuture.supplyAsync(state::gauges, executor);
  }

  /** Completes after everything queued so far has run. */
  public CompletableFuture<Void> barrier() {
    return CompletableFuture.runAsync(state::flush, executor);
  }

  @Override
  public void close() {
    executor.shutdown();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Runs {@code work} now when on the distribution thread, else queues it there. */
  private void onThread(Runnable work) {
    if (Thread.currentThread() == thread) {
      work.run();
    } else {
      executor.execute(work);
    }
  }
}
