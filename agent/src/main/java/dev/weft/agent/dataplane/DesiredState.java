package dev.weft.agent.dataplane;

import java.util.List;

/**
 * Everything Weft wants in this host's kernel. Networks absent here are removed if Weft made them.
 *
 * @param underlayAddress local IPv4 address VXLAN packets leave from
 * @param vxlanPort       UDP port of every Weft VXLAN device (not Docker's 4789)
 */
public record DesiredState(String underlayAddress, int vxlanPort, List<DesiredNetwork> networks) {
  public DesiredState {
    networks = List.copyOf(networks);
  }
}
