package dev.weft.agent.reconcile;

import dev.weft.agent.docker.DockerNetworkSync;
import dev.weft.agent.plugin.StaleEndpoints;
import dev.weft.common.model.Network;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Everything the agent asks Docker, on a thread of its own ({@code weft-docker}): the containers, the host's inventory
 * (the engine's version and Swarm node) and, once Weft's driver serves, the Docker networks and endpoints (issue 14).
 * Never on the reconciler's thread: dockerd may be waiting for this agent's driver, which waits for the reconciler.
 * Requests coalesce; each observation ends with a reconcile on the loop.
 */
final class DockerObserver {
  private final HostReporter host;
  private final ContainerListing containers;
  private final Supplier<Map<String, Network>> catalog;
  private final Executor loop;
  private final Consumer<Boolean> reconcile;
  private final AtomicBoolean observing = new AtomicBoolean();
  private final AtomicBoolean fullPending = new AtomicBoolean();
  private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "weft-docker");
    t.setDaemon(true);
    return t;
  });
  /** Keeps Docker's networks in step with the catalog once Weft's driver serves; null until then. */
  private volatile DockerNetworkSync networkSync;
  /** Frees driver endpoints and addresses Docker forgot to give back; set with {@link #networkSync}. */
  private volatile StaleEndpoints stale;

  /**
   * @param reconcile runs a pass on the loop; its argument says whether the observation was a full one
   */
  DockerObserver(HostReporter host, ContainerListing containers, Supplier<Map<String, Network>> catalog,
                 Executor loop, Consumer<Boolean> reconcile) {
    this.host = host;
    this.containers = containers;
    this.catalog = catalog;
    this.loop = loop;
    this.reconcile = reconcile;
  }

  /** Asks Docker (and, for a full observation, the host) soon, then reconciles. Any thread. */
  void soon(boolean full) {
    if (full) {
      fullPending.set(true);
    }
    if (observing.compareAndSet(false, true)) {
      try {
        thread.execute(() -> {
          observing.set(false);
          boolean wasFull = fullPending.getAndSet(false);
          observe(wasFull);
          loop.execute(() -> reconcile.accept(wasFull));
        });
      } catch (RejectedExecutionException e) {
        observing.set(false); // stopping
      }
    }
  }

  /** Starts keeping Docker's networks in step with the catalog; call once Weft's driver serves. */
  void dockerNetworks(DockerNetworkSync sync, StaleEndpoints sweep) {
    this.stale = sweep;
    this.networkSync = sync;
    soon(true);
  }

  /** Why Docker's networks differ from the catalog, for the host report. */
  java.util.List<String> problems() {
    DockerNetworkSync sync = networkSync;
    return sync == null ? java.util.List.of() : sync.problems();
  }

  void stop() {
    thread.shutdownNow();
  }

  private void observe(boolean full) {
    if (full || host.underlay() == null) {
      host.refresh();
    }
    containers.list();
    DockerNetworkSync sync = networkSync;
    if (sync != null) {
      sync.run(catalog.get());
      stale.sweep(sync.endpoints());
    }
  }
}
