package dev.weft.agent.reconcile;

import dev.weft.agent.control.CoordinatorLink;
import dev.weft.agent.docker.ContainerNetworks;
import dev.weft.agent.ipam.LocalIpam;
import dev.weft.common.model.Endpoint;
import dev.weft.common.model.Network;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import dev.weft.common.wire.ToAgent;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the coordinator for an address block when this host's blocks of a network are full: one request per network
 * at a time, the grant handed to {@link LocalIpam} on the reconciler's executor. Reconciler thread only.
 */
final class BlockRequests {
  private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);

  private final LocalIpam ipam;
  private final Executor executor;
  private final Runnable granted;
  private final Runnable addressLost;
  /** network → the request out for it, completed when its answer was taken. */
  private final Map<String, CompletableFuture<Void>> pending = new HashMap<>();
  private final LogOnce errors = new LogOnce();

  /**
   * @param granted     run when a grant gave free addresses (reconcile again)
   * @param addressLost run for each endpoint whose address the grant took away (the data plane must be redone)
   */
  BlockRequests(LocalIpam ipam, Executor executor, Runnable granted, Runnable addressLost) {
    this.ipam = ipam;
    this.executor = executor;
    this.granted = granted;
    this.addressLost = addressLost;
  }

  /** The problems with block requests, by network. */
  List<String> errors() {
    return errors.messages();
  }

  /**
   * Asks for a block of {@code network} unless a request for it is out.
   *
   * @return completes when the answer was taken (exceptionally when there was no grant)
   */
  CompletableFuture<Void> ask(Network network, CoordinatorLink link) {
    String net = network.name();
    CompletableFuture<Void> out = pending.get(net);
    if (out != null) {
      return out;
    }
    CompletableFuture<Void> done = new CompletableFuture<>();
    pending.put(net, done);
    if (link == null) {
      pending.remove(net);
      done.completeExceptionally(new IllegalStateException("not connected to the coordinator yet"));
      return done;
    }
    List<String> full = ipam.fullBlocks(net, network.subnet());
    LOG.info("network {}: no free address in this host's blocks {}; asking the coordinator for a block", net, full);
    link.requestBlock(net, full).whenComplete((grant, error) -> executor.execute(() -> {
      pending.remove(net);
      answered(network, grant, error);
      done.complete(null);
    }));
    return done.thenCompose(v -> errors.get(net) == null ? CompletableFuture.completedFuture(null)
        : CompletableFuture.failedFuture(new IllegalStateException(errors.get(net))));
  }

  private void answered(Network network, ToAgent.BlockGrant grant, Throwable error) {
    String net = network.name();
    if (error == null) {
      List<String> owned = new ArrayList<>(grant.owned());
      if (grant.block() != null && !owned.contains(grant.block())) {
        owned.add(grant.block());
      }
      for (Endpoint lost : ipam.grant(net, owned)) {
        LOG.warn("network {}: container {} had {} in a block the coordinator does not list as this host's; "
            + "giving it a new address", net, ContainerNetworks.shortId(lost.container()), lost.ip());
        addressLost.run();
      }
      if (ipam.fullBlocks(net, network.subnet()).containsAll(owned)) {
        // the coordinator's account differs from ours; asking again at once would loop
        String msg = "network " + net + ": the coordinator granted " + grant.block()
            + " but this host has no free address in " + owned + "; retrying on the next resync";
        if (errors.changed(net, msg)) {
          LOG.warn(msg);
        }
        return;
      }
      errors.cleared(net);
      LOG.info("network {}: granted block {} (this host owns {})", net, grant.block(), owned);
      granted.run();
    } else {
      Throwable cause = error instanceof CompletionException && error.getCause() != null
          ? error.getCause() : error;
      String msg = "network " + net + ": no address block for new containers: " + cause.getMessage();
      if (errors.changed(net, msg)) {
        LOG.warn(msg);
      }
    }
  }
}
