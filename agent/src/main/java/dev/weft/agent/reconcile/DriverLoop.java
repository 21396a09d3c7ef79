package dev.weft.agent.reconcile;

import dev.weft.agent.control.CoordinatorLink;
import dev.weft.agent.plugin.DriverHost;
import dev.weft.common.model.Network;
import dev.weft.common.wire.ToCoordinator;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * What Weft's Docker driver (issue 14) asks of the agent's loop, from the driver's worker threads: the catalog as last
 * taken, block requests and endpoint messages through the loop's coordinator link, and passes of the loop
 * ({@link DriverPasses}).
 */
final class DriverLoop implements DriverHost {
  private final Executor loop;
  private final Supplier<Map<String, Network>> catalog;
  private final Supplier<CoordinatorLink> link;
  private final BlockRequests blocks;
  private final DriverPasses passes;

  DriverLoop(Executor loop, Supplier<Map<String, Network>> catalog, Supplier<CoordinatorLink> link,
             BlockRequests blocks, DriverPasses passes) {
    this.loop = loop;
    this.catalog = catalog;
    this.link = link;
    this.blocks = blocks;
    this.passes = passes;
  }

  @Override
  public Map<String, Network> catalog() {
    return catalog.get();
  }

  @Override
  public CompletableFuture<Void> requestBlock(Network network) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    loop.execute(() -> blocks.ask(network, link.get()).whenComplete((v, e) -> {
      if (e == null) {
        done.complete(null);
      } else {
        done.completeExceptionally(e);
      }
    }));
    return done;
  }

  @Override
  public void send(ToCoordinator message) {
    CoordinatorLink l = link.get();
    if (l != null) {
      l.send(message);
    }
  }

  /** Coalesced ({@link DriverPasses}). */
  @Override
  public CompletableFuture<Void> applyNow() {
    return passes.next();
  }
}
