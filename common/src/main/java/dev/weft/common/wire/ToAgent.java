package dev.weft.common.wire;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.weft.common.model.Endpoint;
import dev.weft.common.model.KeyPeer;
import dev.weft.common.model.Network;
import dev.weft.common.model.Peer;
import dev.weft.common.model.ServiceRule;
import java.util.List;

/** Messages the coordinator sends to an agent over the agent channel. See coordinator/PROTOCOL.md. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = ToAgent.Welcome.class, name = "welcome"),
    @JsonSubTypes.Type(value = ToAgent.Networks.class, name = "networks"),
    @JsonSubTypes.Type(value = ToAgent.Services.class, name = "services"),
    @JsonSubTypes.Type(value = ToAgent.TableSnapshot.class, name = "snapshot"),
    @JsonSubTypes.Type(value = ToAgent.TableDelta.class, name = "delta"),
    @JsonSubTypes.Type(value = ToAgent.Resume.class, name = "resume"),
    @JsonSubTypes.Type(value = ToAgent.BlockGrant.class, name = "block"),
    @JsonSubTypes.Type(value = ToAgent.Error.class, name = "error"),
    @JsonSubTypes.Type(value = ToAgent.Keys.class, name = "keys"),
    @JsonSubTypes.Type(value = ToAgent.Renewed.class, name = "renewed"),
    @JsonSubTypes.Type(value = ToAgent.RenewNow.class, name = "renew-now"),
})
public sealed interface ToAgent {

  /** Answer to a valid {@link ToCoordinator.Register}. */
  record Welcome(String hostId, int heartbeatSeconds, String epoch) implements ToAgent {
  }

  /** The whole network catalog; sent after the welcome and whenever a network is created or deleted. */
  record Networks(List<Network> networks) implements ToAgent {
    public Networks {
      networks = networks == null ? List.of() : List.copyOf(networks);
    }
  }

  /**
   * Every Swarm service rule (issue 5), the full list: sent after {@link Networks} and whenever a rule is added or
   * removed. The agent attaches its local task containers of each rule's service to the rule's network.
   */
  record Services(List<ServiceRule> rules) implements ToAgent {
    public Services {
      rules = rules == null ? List.of() : List.copyOf(rules);
    }
  }

  /**
   * The full peer and endpoint table of one network this host takes part in. Replaces whatever the agent held.
   * Peers and endpoints include this host's own; the agent filters them.
   */
  record TableSnapshot(String network, String epoch, long version, List<Peer> peers, List<Endpoint> endpoints)
      implements ToAgent {
    public TableSnapshot {
      peers = peers == null ? List.of() : List.copyOf(peers);
      endpoints = endpoints == null ? List.of() : List.copyOf(endpoints);
    }
  }

  /**
   * Answer to a {@link ToCoordinator.Register} for the networks whose table the agent already holds: its digest
   * equals the coordinator's. The agent keeps those tables and numbers them {@code epoch}/{@code version}, so the
   * deltas that follow apply, instead of receiving a snapshot of each (a failover or restart without a storm).
   */
  record Resume(String epoch, List<ResumedTable> tables) implements ToAgent {
    public Resume {
      tables = tables == null ? List.of() : List.copyOf(tables);
    }
  }

  /** One table of a {@link Resume}: the agent's table of {@code network}, if its digest is still {@code digest}. */
  record ResumedTable(String network, long version, String digest) {
  }

  /**
   * One change to a network's table: applies to version {@code version - 1} and yields {@code version}. An agent
   * holding any other version asks for a snapshot.
   *
   * @param peersRemoved     host ids
   * @param endpointsRemoved endpoint IPs
   */
  record TableDelta(String network, String epoch, long version, List<Peer> peersAdded, List<String> peersRemoved,
                    List<Endpoint> endpointsAdded, List<String> endpointsRemoved) implements ToAgent {
    public TableDelta {
      peersAdded = peersAdded == null ? List.of() : List.copyOf(peersAdded);
      peersRemoved = peersRemoved == null ? List.of() : List.copyOf(peersRemoved);
      endpointsAdded = endpointsAdded == null ? List.of() : List.copyOf(endpointsAdded);
      endpointsRemoved = endpointsRemoved == null ? List.of() : List.copyOf(endpointsRemoved);
    }
  }

  /**
   * Answer to a {@link ToCoordinator.BlockRequest}.
   *
   * @param block a CIDR this host owns in the network with room left (by the agent's own account)
   * @param owned every block this host owns in the network, {@code block} included
   */
  record BlockGrant(String requestId, String network, String block, List<String> owned) implements ToAgent {
    public BlockGrant {
      owned = owned == null ? List.of() : List.copyOf(owned);
    }
  }

  /**
   * A request failed, or the coordinator refuses the connection (then it closes it).
   *
   * @param requestId the failed request's id, or null
   * @param code      machine-readable: {@code unknown-network}, {@code pool-exhausted}, {@code bad-request},
   *                  {@code unauthorized}, {@code unavailable}
   */
  record Error(String requestId, String code, String message) implements ToAgent {
  }

  /**
   * This host's WireGuard key table (issue 6), the whole of it: sent after the welcome when the host has one and
   * whenever any part changes (a peer joins or leaves an encrypted network with it, a pre-shared key rotates). Only
   * for a host that reported WireGuard and takes part in an encrypted network; a host that no longer does gets one
   * with {@code tunnelAddress} null and no peers.
   *
   * @param tunnelAddress this host's tunnel address, or null when it has none (then: no encrypted transport)
   * @param tunnelPool    the CIDR every tunnel address comes from (the route into the WireGuard interface)
   * @param peers         every other host sharing an encrypted network with this one that has a tunnel address
   */
  record Keys(String tunnelAddress, String tunnelPool, List<KeyPeer> peers) implements ToAgent {
    public Keys {
      peers = peers == null ? List.of() : List.copyOf(peers);
    }
  }

  /**
   * Answer to a {@link ToCoordinator.Renew} (issue 12): the host's new certificate, from now on its current one, and
   * the CA certificates the coordinator trusts, both PEM. The certificate this session opened with stays accepted
   * for an overlap, so an agent that has not stored the new one yet can still reconnect.
   */
  record Renewed(String requestId, String certificate, String ca) implements ToAgent {
  }

  /**
   * Renew this host's certificate now, not when two thirds of its lifetime passed (a CA rotation, issue 12): a new CA
   * was staged and signs host certificates, and this session's certificate is of the old one. The agent answers with
   * a {@link ToCoordinator.Renew} as for a due renewal; the {@link Renewed} then carries both CAs to pin.
   *
   * @param reason for the agent's log
   */
  record RenewNow(String reason) implements ToAgent {
  }
}
