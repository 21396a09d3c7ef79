package dev.weft.common.model;

import java.util.List;

/**
 * A host as the coordinator's API shows it: the agent's last report plus what the coordinator knows.
 *
 * @param lastSeen ISO-8601 instant of the last message from the agent
 * @param errors   the agent's reported errors plus coordinator-side ones (for example block exhaustion)
 * @param wireguard its WireGuard for encrypted networks and its tunnel address
 */
public record Host(String id, HostStatus status, String hostname, String underlayAddress,
                   List<InterfaceInfo> interfaces, String dockerVersion, String swarmNodeId, String swarmRole,
                   String agentVersion, String lastSeen, List<String> errors, HostWireGuard wireguard) {
  public Host {
    interfaces = interfaces == null ? List.of() : List.copyOf(interfaces);
    errors = errors == null ? List.of() : List.copyOf(errors);
  }
}
