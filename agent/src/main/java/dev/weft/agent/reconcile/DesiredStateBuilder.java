package dev.weft.agent.reconcile;

import dev.weft.agent.dataplane.Attachment;
import dev.weft.agent.dataplane.DesiredNetwork;
import dev.weft.agent.dataplane.DesiredState;
import dev.weft.agent.dataplane.RemoteEndpoint;
import dev.weft.agent.dataplane.Where;
import dev.weft.agent.wireguard.WireGuardSpec;
import dev.weft.common.model.Endpoint;
import dev.weft.common.model.Network;
import dev.weft.common.model.Peer;
import dev.weft.common.net.Cidr;
import dev.weft.common.table.NetworkTable;
import dev.weft.common.wire.ToAgent;
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
  /** WireGuard over IPv4 adds 60 bytes: IPv4 20, UDP 8, WireGuard header 16 and authentication tag 16. */
  public static final int WIREGUARD_OVERHEAD = 60;

  /**
   * This host's encrypted transport (issue 6).
   *
   * @param kind           {@code kernel} or {@code wireguard-go}
   * @param listenPort     WireGuard's UDP port
   * @param privateKeyFile this host's private key file
   * @param keys           the last key table from the coordinator, or null before the first
   */
  public record Encryption(String kind, int listenPort, String privateKeyFile, ToAgent.Keys keys) {
    /** This host's tunnel address, or null when the coordinator has not given one (yet). */
    public String tunnelAddress() {
      return keys == null ? null : keys.tunnelAddress();
    }
  }

  /**
   * One local endpoint and the process whose network namespace it lives in.
   *
   * @param byDocker an endpoint of Weft's Docker driver (issue 14): Docker moves its interface into the container, and
   *                 {@code pid} is 0
   */
  public record LocalAttachment(Endpoint endpoint, int pid, boolean byDocker) {
    public LocalAttachment(Endpoint endpoint, int pid) {
      this(endpoint, pid, false);
    }
  }

  /** Where this host is. */
  public record Host(String hostId, String underlayAddress, int underlayMtu, int vxlanPort) {
  }

  private DesiredStateBuilder() {
  }

  public static DesiredState build(Host host, Map<String, Network> catalog, Map<String, NetworkTable> tables,
                                   List<LocalAttachment> local) {
    return build(host, catalog, tables, local, null);
  }

  /**
   * As {@link #build(Host, Map, Map, List)}, with encrypted networks (issue 6): an encrypted network is in the desired
   * state only when this host has a tunnel address; its VXLAN device then sends from that address to the peers'
   * tunnel addresses (never to an underlay address), its MTU leaves room for WireGuard too, and the state carries the
   * WireGuard interface. Without a tunnel address the network is left out: no device, so nothing leaves in clear.
   *
   * @param encryption null when this host has no WireGuard
   */
  public static DesiredState build(Host host, Map<String, Network> catalog, Map<String, NetworkTable> tables,
                                   List<LocalAttachment> local, Encryption encryption) {
    return build(host, catalog, tables, local, Set.of(), encryption);
  }

  /**
   * As {@link #build(Host, Map, Map, List, Encryption)}, with networks made ready before any container joins them:
   * those where Docker made an endpoint through Weft's driver that is not joined yet (issue 14), so that Join finds
   * the network's devices in place.
   */
  public static DesiredState build(Host host, Map<String, Network> catalog, Map<String, NetworkTable> tables,
                                   List<LocalAttachment> local, Set<String> prepared, Encryption encryption) {
    String tunnel = encryption == null ? null : encryption.tunnelAddress();
    Map<String, String> peerTunnels = new TreeMap<>();
    if (tunnel != null) {
      encryption.keys().peers().forEach(p -> {
        if (p.tunnelAddress() != null) {
          peerTunnels.put(p.host(), p.tunnelAddress());
        }
      });
    }
    boolean anyEncrypted = false;
    Map<String, List<LocalAttachment>> byNetwork = new TreeMap<>();
    for (LocalAttachment a : local) {
      byNetwork.computeIfAbsent(a.endpoint().network(), n -> new ArrayList<>()).add(a);
    }
    prepared.forEach(n -> byNetwork.computeIfAbsent(n, k -> new ArrayList<>()));
    List<DesiredNetwork> networks = new ArrayList<>();
    for (Map.Entry<String, List<LocalAttachment>> entry : byNetwork.entrySet()) {
      Network network = catalog.get(entry.getKey());
      if (network == null || (network.encrypted() && tunnel == null)) {
        continue;
      }
      anyEncrypted |= network.encrypted();
      int prefix = Cidr.parse(network.subnet()).prefix();
      List<Attachment> attachments = new ArrayList<>();
      Set<String> localIps = new HashSet<>();
      for (LocalAttachment a : entry.getValue()) {
        Endpoint e = a.endpoint();
        attachments.add(a.byDocker() ? Attachment.forDocker(e.container(), e.ip(), prefix, e.mac())
            : new Attachment(e.container(), a.pid(), e.ip(), prefix, e.mac()));
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
          String destination = network.encrypted() ? peerTunnels.get(e.host()) : peer.underlayAddress();
          if (destination == null) {
            continue; // a peer not (yet) in the key table: no way to it but in clear
          }
          remotes.add(new RemoteEndpoint(e.ip(), e.mac(), destination));
        }
      }
      networks.add(new DesiredNetwork(network.name(), network.vni(), network.subnet(), mtu(network, host.underlayMtu()),
          remotes, attachments, network.encrypted() ? tunnel : null));
    }
    networks.sort(Comparator.comparingInt(DesiredNetwork::vni));
    WireGuardSpec wg = null;
    if (anyEncrypted) {
      wg = new WireGuardSpec(encryption.kind(), tunnel, Cidr.parse(encryption.keys().tunnelPool()).prefix(),
          encryption.listenPort(), host.underlayMtu() - WIREGUARD_OVERHEAD, encryption.privateKeyFile(),
          encryption.keys().peers().stream().filter(p -> p.tunnelAddress() != null).toList());
    }
    return new DesiredState(host.underlayAddress(), host.vxlanPort(), networks, wg);
  }

  /**
   * The containers' MTU: the network's own when set, else what the underlay leaves after VXLAN (50 bytes), and for an
   * encrypted network after WireGuard too (60 more: its VXLAN packets travel inside WireGuard).
   */
  public static int mtu(Network network, int underlayMtu) {
    if (network.mtu() > 0) {
      return network.mtu();
    }
    return underlayMtu - VXLAN_OVERHEAD - (network.encrypted() ? WIREGUARD_OVERHEAD : 0);
  }
}
