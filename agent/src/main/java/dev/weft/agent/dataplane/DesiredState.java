package dev.weft.agent.dataplane;

import dev.weft.agent.wireguard.WireGuardSpec;
import java.util.List;

/**
 * Everything Weft wants in this host's kernel. Networks absent here are removed if Weft made them.
 *
 * @param underlayAddress local IPv4 address VXLAN packets leave from
 * @param vxlanPort       UDP port of every Weft VXLAN device (not Docker's 4789)
 * @param wireGuard       this host's WireGuard interface for encrypted networks (issue 6), or null for none (an
 *                        existing one is then removed)
 * @param partial         true when this state is known to be incomplete (the agent has not listed Docker's containers
 *                        yet): then nothing absent from it is removed, neither networks nor container interfaces
 */
public record DesiredState(String underlayAddress, int vxlanPort, List<DesiredNetwork> networks,
                           WireGuardSpec wireGuard, boolean partial) {
  public DesiredState {
    networks = List.copyOf(networks);
  }

  /** A complete state: what is absent is removed. */
  public DesiredState(String underlayAddress, int vxlanPort, List<DesiredNetwork> networks, WireGuardSpec wireGuard) {
    this(underlayAddress, vxlanPort, networks, wireGuard, false);
  }

  /** The same state, marked incomplete. */
  public DesiredState asPartial() {
    return new DesiredState(underlayAddress, vxlanPort, networks, wireGuard, true);
  }

  /** A state without WireGuard. */
  public DesiredState(String underlayAddress, int vxlanPort, List<DesiredNetwork> networks) {
    this(underlayAddress, vxlanPort, networks, null);
  }
}
