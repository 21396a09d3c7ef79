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
 */
public record DesiredNetwork(String name, int vni, String subnet, int mtu,
                             List<RemoteEndpoint> remotes, List<Attachment> attachments) {
  public DesiredNetwork {
    remotes = List.copyOf(remotes);
    attachments = List.copyOf(attachments);
  }
}
