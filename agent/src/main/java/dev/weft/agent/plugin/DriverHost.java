package dev.weft.agent.plugin;

import dev.weft.common.model.Network;
import dev.weft.common.wire.ToCoordinator;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** What the Docker driver needs from the rest of the agent. One real implementation: the reconciler. */
public interface DriverHost {

  /** The Weft networks by name as the coordinator last told them; null before the first catalog. Any thread. */
  Map<String, Network> catalog();

  /**
   * Asks the coordinator for a new address block of {@code network} for this host (its blocks are full).
   *
   * @return completes when the answer was taken into {@link dev.weft.agent.ipam.LocalIpam}; exceptionally with the
   *         reason when there is none (not connected, pool exhausted)
   */
  CompletableFuture<Void> requestBlock(Network network);

  /** Tells the coordinator about an endpoint (dropped while disconnected: the next register carries them all). */
  void send(ToCoordinator message);

  /**
   * Brings the kernel to the desired state now, without asking Docker anything.
   *
   * @return completes when applied; exceptionally with the data plane's error
   */
  CompletableFuture<Void> applyNow();
}
