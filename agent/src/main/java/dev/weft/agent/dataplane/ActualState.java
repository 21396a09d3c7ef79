package dev.weft.agent.dataplane;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What Weft finds in the kernel: its network namespaces (by VNI) and any of its VXLAN devices
 * ({@link Names#vxlanInHost}) left in the host namespace by an interrupted creation.
 *
 * @param networks   this host's network namespaces by VNI
 * @param hostVxlans this host's temporary VXLAN devices found in the host namespace
 */
public record ActualState(Map<Integer, NetnsState> networks, List<Link> hostVxlans) {
  public ActualState {
    networks = Map.copyOf(networks);
    hostVxlans = List.copyOf(hostVxlans);
  }

  public static final ActualState EMPTY = new ActualState(Map.of(), List.of());

  /** The networks in VNI order. */
  public List<NetnsState> sortedNetworks() {
    return List.copyOf(new TreeMap<>(networks).values());
  }

  /**
   * A network interface.
   *
   * @param ifindex interface index (for tests that prove a device was not recreated)
   * @param name    interface name
   * @param kind    {@code vxlan}, {@code bridge}, {@code veth}, … or null for none (loopback)
   * @param mtu     MTU
   * @param up      administratively up
   * @param master  the bridge it is enslaved to, or null
   * @param alias   the interface alias, or null
   * @param vxlan   VXLAN attributes when kind is {@code vxlan}, else null
   * @param portLearning the bridge learns source MACs on this port (a bridge port with {@code learning on})
   */
  public record Link(int ifindex, String name, String kind, int mtu, boolean up, String master, String alias,
                     VxlanAttrs vxlan, boolean portLearning) {
    /** A link that is not a learning bridge port. */
    public Link(int ifindex, String name, String kind, int mtu, boolean up, String master, String alias,
                VxlanAttrs vxlan) {
      this(ifindex, name, kind, mtu, up, master, alias, vxlan, false);
    }
  }

  /**
   * @param vni           VXLAN network identifier
   * @param port          UDP destination port
   * @param local         local (source) address, or null
   * @param learning      MAC learning on
   * @param proxy         ARP proxy on
   * @param otherNetns    the device's UDP socket lives in another namespace than the device (true for a device
   *                      made in the host namespace and moved, as Weft does)
   */
  public record VxlanAttrs(int vni, int port, String local, boolean learning, boolean proxy, boolean otherNetns) {
  }

  /** A static FDB entry of a VXLAN device ({@code self}): a MAC and the underlay address it is sent to. */
  public record FdbEntry(String dev, String mac, String dst) {
  }

  /** A neighbour entry. */
  public record NeighEntry(String dev, String ip, String mac, boolean permanent) {
  }

  /**
   * One of this host's network namespaces.
   *
   * @param name     namespace name
   * @param vni      the VNI in its name
   * @param readable false when the namespace could not be entered (a half-made namespace); it is then recreated
   * @param links    its interfaces
   * @param fdb      VXLAN FDB entries with a destination
   * @param neigh    neighbour entries
   */
  public record NetnsState(String name, int vni, boolean readable, List<Link> links, List<FdbEntry> fdb,
                           List<NeighEntry> neigh) {
    public NetnsState {
      links = List.copyOf(links);
      fdb = List.copyOf(fdb);
      neigh = List.copyOf(neigh);
    }

    public static NetnsState unreadable(String name, int vni) {
      return new NetnsState(name, vni, false, List.of(), List.of(), List.of());
    }

    public Optional<Link> link(String name) {
      return links.stream().filter(l -> l.name().equals(name)).findFirst();
    }
  }
}
