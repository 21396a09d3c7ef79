package dev.weft.agent;

import dev.weft.agent.dataplane.Attachment;
import dev.weft.agent.dataplane.DesiredNetwork;
import dev.weft.agent.dataplane.DesiredState;
import dev.weft.agent.dataplane.RemoteEndpoint;
import dev.weft.common.model.Endpoint;
import dev.weft.common.model.Network;
import dev.weft.common.model.Peer;
import dev.weft.common.net.Cidr;
import dev.weft.common.table.NetworkTable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Desired kernel state from the network catalog, the tables and this host's endpoints. Pure.
 *
 * <p>A network is in the desired state when it is in the catalog and has at least one endpoint on this host; one
 * without is left out, so the data plane removes its devices. Remote endpoints are the table's endpoints of other
 * hosts whose peer (underlay address) is known; an entry without a peer is skipped, because an FDB entry needs a
 * destination.
 */
public final class DesiredStateBuilder {

  /** VXLAN over IPv4 adds 50 bytes: outer Ethernet 14, IPv4 20, UDP 8, VXLAN 8 (RFC 7348). */
  public static final int VXLAN_OVERHEAD = 50;

  /** One local endpoint and the process whose network namespace it lives in. */
  public record LocalAttachment(Endpoint endpoint, int pid) {
  }

  /** Where this host is. */
  public record Host(String hostId, String underlayAddress, int underlayMtu, int vxlanPort) {
  }

  private DesiredStateBuilder() {
  }

  public static DesiredState build(Host host, Map<String, Network> catalog, Map<String, NetworkTable> tables,
                                   List<LocalAttachment> local) {
    Map<String, List<LocalAttachment>> byNetwork = new TreeMap<>();
    for (LocalAttachment a : local) {
      byNetwork.computeIfAbsent(a.endpoint().network(), n -> new ArrayList<>()).add(a);
    }
    List<DesiredNetwork> networks = new ArrayList<>();
    for (Map.Entry<String, List<LocalAttachment>> entry : byNetwork.entrySet()) {
      Network network = catalog.get(entry.getKey());
      if (network == null) {
        continue;
      }
      int prefix = Cidr.parse(network.subnet()).prefix();
      List<Attachment> attachments = new ArrayList<>();
      Set<String> localIps = new HashSet<>();
      for (LocalAttachment a : entry.getValue()) {
        Endpoint e = a.endpoint();
        attachments.add(new Attachment(e.container(), a.pid(), e.ip(), prefix, e.mac()));
        localIps.add(e.ip());
      }
      attachments.sort(Comparator.comparing(Attachment::containerId));
      List<RemoteEndpoint> remotes = new ArrayList<>();
      NetworkTable table = tables.get(network.name());
      if (table != null) {
        for (Endpoint e : table.endpoints().values()) {
          if (host.hostId().equals(e.host()) || localIps.contains(e.ip())) {
            continue;
          }
          Peer peer = table.peers().get(e.host());
          if (peer == null || peer.underlayAddress() == null || peer.underlayAddress().equals(host.underlayAddress())) {
            continue;
          }
          remotes.add(new RemoteEndpoint(e.ip(), e.mac(), peer.underlayAddress()));
        }
      }
      int mtu = network.mtu() > 0 ? network.mtu() : host.underlayMtu() - VXLAN_OVERHEAD;
      networks.add(new DesiredNetwork(network.name(), network.vni(), network.subnet(), mtu, remotes, attachments));
    }
    networks.sort(Comparator.comparingInt(DesiredNetwork::vni));
    return new DesiredState(host.underlayAddress(), host.vxlanPort(), networks);
  }
}
