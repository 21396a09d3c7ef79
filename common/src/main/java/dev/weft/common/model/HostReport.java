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
 */
public record HostReport(String hostId, String hostname, String underlayAddress, List<InterfaceInfo> interfaces,
                         String dockerVersion, String swarmNodeId, String swarmRole, String agentVersion,
                         List<String> errors) {
  public HostReport {
    interfaces = interfaces == null ? List.of() : List.copyOf(interfaces);
    errors = errors == null ? List.of() : List.copyOf(errors);
  }
}
