package dev.weft.common.wire;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.weft.common.model.Endpoint;
import dev.weft.common.model.HostReport;
import java.util.List;
import java.util.Map;

/** Messages an agent sends to the coordinator over the agent channel. See coordinator/PROTOCOL.md. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = ToCoordinator.Register.class, name = "register"),
    @JsonSubTypes.Type(value = ToCoordinator.Heartbeat.class, name = "heartbeat"),
    @JsonSubTypes.Type(value = ToCoordinator.HostUpdate.class, name = "host-update"),
    @JsonSubTypes.Type(value = ToCoordinator.EndpointAdd.class, name = "endpoint-add"),
    @JsonSubTypes.Type(value = ToCoordinator.EndpointRemove.class, name = "endpoint-remove"),
    @JsonSubTypes.Type(value = ToCoordinator.BlockRequest.class, name = "block-request"),
    @JsonSubTypes.Type(value = ToCoordinator.SnapshotRequest.class, name = "snapshot-request"),
    @JsonSubTypes.Type(value = ToCoordinator.Renew.class, name = "renew"),
})
public sealed interface ToCoordinator {

  /**
   * First message on every connection.
   *
   * @param endpoints every endpoint the agent holds on its host right now: the coordinator makes the host's stored
   *                  endpoints equal to this list (the agent is the truth for its own host)
   * @param digests   network name to the digest of the table the agent holds ({@code NetworkTable.digest()}): a
   *                  table the coordinator finds current is resumed instead of sent again
   */
  record Register(HostReport host, List<Endpoint> endpoints, Map<String, String> digests)
      implements ToCoordinator {
    public Register {
      endpoints = endpoints == null ? List.of() : List.copyOf(endpoints);
      digests = digests == null ? Map.of() : Map.copyOf(digests);
    }
  }

  /** Sent every heartbeat interval; any message counts as a heartbeat too. */
  record Heartbeat() implements ToCoordinator {
  }

  /** The host changed (interfaces, Docker, Swarm, errors). */
  record HostUpdate(HostReport host) implements ToCoordinator {
  }

  /** The agent created an endpoint on its host with an address from one of its blocks. */
  record EndpointAdd(Endpoint endpoint) implements ToCoordinator {
  }

  /** The agent removed an endpoint from its host. */
  record EndpointRemove(String network, String ip) implements ToCoordinator {
  }

  /**
   * Asks for an address block in a network. The coordinator answers with {@link ToAgent.BlockGrant} naming a block
   * this host owns that is not in {@code full}, allocating a new one if needed, or with {@link ToAgent.Error}.
   *
   * @param full blocks of this host the agent has no free address in
   */
  record BlockRequest(String requestId, String network, List<String> full) implements ToCoordinator {
    public BlockRequest {
      full = full == null ? List.of() : List.copyOf(full);
    }
  }

  /** The agent saw a version gap (or lost its state) and wants the full table of one network. */
  record SnapshotRequest(String network) implements ToCoordinator {
  }

  /**
   * Asks for a new host certificate before the current one expires (issue 12), over the mutual-TLS session of the
   * current one. Answered with {@link ToAgent.Renewed} or an {@link ToAgent.Error} carrying the same request id.
   *
   * @param publicKey a new EC P-256 public key the agent made, base64 of its DER SubjectPublicKeyInfo
   */
  record Renew(String requestId, String publicKey) implements ToCoordinator {
  }
}
