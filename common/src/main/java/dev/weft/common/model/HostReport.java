package dev.weft.common.model;

import java.util.List;

/**
 * What an agent says about its host. Sent at registration and again whenever it changes.
 *
 * @param hostId          stable id chosen by the agent (machine id or {@code --host-id})
 * @param underlayAddress IPv4 address other hosts reach this host's VXLAN endpoint on
 * @param swarmNodeId     null when the engine is not in a swarm
 * @param swarmRole       {@code manager}, {@code worker} or null
 * @param errors          problems the host wants an operator to see (unknown network in a label, exhausted pool...)
 * @param wireguard       which WireGuard this host has for encrypted networks (issue 6): {@code kernel},
 *                        {@code wireguard-go}, or null for none
 * @param wireguardPublicKey this host's WireGuard public key (base64), or null without WireGuard; the private key
 *                        never leaves the host
 * @param wireguardPort   the UDP port its WireGuard interface listens on (0 without WireGuard)
 */
public record HostReport(String hostId, String hostname, String underlayAddress, List<InterfaceInfo> interfaces,
                         String dockerVersion, String swarmNodeId, String swarmRole, String agentVersion,
                         List<String> errors, String wireguard, String wireguardPublicKey, int wireguardPort) {
  public HostReport {
    interfaces = interfaces == null ? List.of() : List.copyOf(interfaces);
    errors = errors == null ? List.of() : List.copyOf(errors);
  }

  /** A report without WireGuard. */
  public HostReport(String hostId, String hostname, String underlayAddress, List<InterfaceInfo> interfaces,
                    String dockerVersion, String swarmNodeId, String swarmRole, String agentVersion,
                    List<String> errors) {
    this(hostId, hostname, underlayAddress, interfaces, dockerVersion, swarmNodeId, swarmRole, agentVersion, errors,
        null, null, 0);
  }

  /** The same report with other errors. */
  public HostReport withErrors(List<String> newErrors) {
    return new HostReport(hostId, hostname, underlayAddress, interfaces, dockerVersion, swarmNodeId, swarmRole,
        agentVersion, newErrors, wireguard, wireguardPublicKey, wireguardPort);
  }

  /** Whether this host can carry encrypted networks: it has WireGuard and a public key. */
  public boolean hasWireGuard() {
    return wireguard != null && wireguardPublicKey != null && wireguardPort > 0;
  }
}
