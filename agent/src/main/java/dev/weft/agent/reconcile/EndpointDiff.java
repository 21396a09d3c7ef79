package dev.weft.agent.reconcile;

import dev.weft.agent.control.CoordinatorLink;
import dev.weft.agent.docker.ContainerNetworks;
import dev.weft.agent.docker.ContainerSource;
import dev.weft.agent.ipam.LocalIpam;
import dev.weft.agent.plugin.DriverEndpoints;
import dev.weft.agent.reconcile.DesiredStateBuilder.LocalAttachment;
import dev.weft.common.model.Endpoint;
import dev.weft.common.model.Network;
import dev.weft.common.wire.ToCoordinator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The endpoints this host should have against the ones it has: endpoints of containers that left go, containers that
 * joined get an address ({@link LocalIpam}, or a block request when the host's blocks are full); each change is told
 * to the coordinator. Reconciler thread only.
 */
final class EndpointDiff {
  private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);

  private final LocalIpam ipam;
  private final BlockRequests blocks;

  EndpointDiff(LocalIpam ipam, BlockRequests blocks) {
    this.ipam = ipam;
    this.blocks = blocks;
  }

  /**
   * Endpoints of containers that stopped or no longer want the network leave (not those Docker made through Weft's
   * driver: Docker removes them itself); call after a good Docker listing.
   */
  void releaseUnwanted(ContainerNetworks.Plan plan, DriverEndpoints driver, CoordinatorLink link) {
    List<Endpoint> held = ipam.endpoints();
    // Read after the endpoints: the driver records an endpoint before it takes its address (NetworkDriver), so every
    // endpoint of the driver listed above is in this snapshot.
    DriverEndpoints.Snapshot byDocker = driver.snapshot();
    for (Endpoint e : held) {
      if (!plan.wants(e.container(), e.network()) && !byDocker.owns(e.network(), e.container())) {
        ipam.release(e.network(), e.container());
        LOG.info("container {} left network {} ({})", ContainerNetworks.shortId(e.container()), e.network(), e.ip());
        link.send(new ToCoordinator.EndpointRemove(e.network(), e.ip()));
      }
    }
  }

  /** Addresses every wanted (container, network); those without a free address wait for a block. */
  List<LocalAttachment> assignWanted(List<ContainerSource.LocalContainer> containers, ContainerNetworks.Plan plan,
                                     Map<String, Network> catalog, CoordinatorLink link) {
    List<LocalAttachment> attachments = new ArrayList<>();
    for (ContainerSource.LocalContainer c : containers) {
      for (String net : plan.wanted().getOrDefault(c.id(), Set.of())) {
        Network network = catalog.get(net);
        boolean had = ipam.endpoint(net, c.id()).isPresent();
        Optional<Endpoint> e = ipam.assign(net, network.subnet(), c.id(), c.service());
        if (e.isEmpty()) {
          blocks.ask(network, link);
          continue;
        }
        if (!had) {
          LOG.info("container {} ({}) joins network {} as {}", c.name(), ContainerNetworks.shortId(c.id()), net,
              e.get().ip());
          link.send(new ToCoordinator.EndpointAdd(e.get()));
        }
        attachments.add(new LocalAttachment(e.get(), c.pid()));
      }
    }
    return attachments;
  }
}
