package dev.weft.common.model;

import java.util.List;

/**
 * A host as the coordinator's API shows it: the agent's last report plus what the coordinator knows.
 *
 * @param lastSeen ISO-8601 instant of the last message from the agent
 * @param errors   the agent's reported errors plus coordinator-side ones (for example block exhaustion)
 * @param wireguard its WireGuard for encrypted networks and its tunnel address
 * @param certificateExpires ISO-8601 instant its current host certificate expires (issue 12); null without TLS or
 *                           for a host that joined before certificates were recorded with their expiry
 */
public record Host(String id, HostStatus status, String hostname, String underlayAddress,
                   List<InterfaceInfo> interfaces, String dockerVersion, String swarmNodeId, String swarmRole,
                   String agentVersion, String lastSeen, List<String> errors, HostWireGuard wireguard,
                   String certificateExpires) {
  public Host {
    interfaces = interfaces == null ? List.of() : List.copyOf(interfaces);
    errors = errors == null ? List.of() : List.copyOf(errors);
  }

  /** Without a certificate expiry (the store's view of a registered host). */
  public Host(String id, HostStatus status, String hostname, String underlayAddress, List<InterfaceInfo> interfaces,
              String dockerVersion, String swarmNodeId, String swarmRole, String agentVersion, String lastSeen,
              List<String> errors, HostWireGuard wireguard) {
    this(id, status, hostname, underlayAddress, interfaces, dockerVersion, swarmNodeId, swarmRole, agentVersion,
        lastSeen, errors, wireguard, null);
  }

  /** This host with its certificate's expiry (issue 12). */
  public Host withCertificateExpires(String expires) {
    return new Host(id, status, hostname, underlayAddress, interfaces, dockerVersion, swarmNodeId, swarmRole,
        agentVersion, lastSeen, errors, wireguard, expires);
  }
}
