package dev.weft.agent.dataplane;

import java.util.List;

/**
 * What this host's kernel should hold for one Weft network.
 *
 * @param name         network name (for logs and errors only; devices are named from the VNI)
 * @param vni          VXLAN network identifier
 * @param subnet       the network's IPv4 CIDR, e.g. {@code 10.200.0.0/24}
 * @param mtu          MTU for the bridge, VXLAN device and container interfaces (already computed, > 0)
 * @param remotes      endpoints on other hosts: one static FDB entry and one neighbour entry each
 * @param attachments  containers on this host joined to the network
 * @param localAddress the VXLAN device's source address when it is not the host's underlay address: an encrypted
 *                     network's is this host's WireGuard tunnel address, and its remotes' {@code underlay} are the
 *                     peers' tunnel addresses, so that its packets leave only inside WireGuard (issue 6); null for
 *                     the underlay address
 */
public record DesiredNetwork(String name, int vni, String subnet, int mtu,
                             List<RemoteEndpoint> remotes, List<Attachment> attachments, String localAddress) {
  public DesiredNetwork {
    remotes = List.copyOf(remotes);
    attachments = List.copyOf(attachments);
  }

  /** A network whose VXLAN packets leave from the underlay address. */
  public DesiredNetwork(String name, int vni, String subnet, int mtu, List<RemoteEndpoint> remotes,
                        List<Attachment> attachments) {
    this(name, vni, subnet, mtu, remotes, attachments, null);
  }

  /** The VXLAN source address: {@link #localAddress} or, when null, the host's underlay address. */
  public String vxlanLocal(DesiredState desired) {
    return localAddress != null ? localAddress : desired.underlayAddress();
  }
}
