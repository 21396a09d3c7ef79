package dev.weft.agent.dataplane;

import dev.weft.agent.dataplane.ActualState.FdbEntry;
import dev.weft.agent.dataplane.ActualState.Link;
import dev.weft.agent.dataplane.ActualState.NeighEntry;
import dev.weft.agent.dataplane.ActualState.NetnsState;
import dev.weft.agent.dataplane.ActualState.VxlanAttrs;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Desired state plus actual state to an ordered {@link Plan}. A pure function: no I/O, no clock.
 *
 * <p>The order makes every batch valid on its own:
 * <ol>
 *   <li>inside network namespaces: delete what goes away or must be remade (devices of removed networks, a VXLAN
 *       device whose VNI, port or local address changed) so that names and VNIs are free again;</li>
 *   <li>in the host namespace, one batch: stray temporary VXLAN devices, namespaces to delete and to add, new VXLAN
 *       devices made here (their UDP socket stays in the host namespace) then moved into their network's namespace
 *       and renamed;</li>
 *   <li>per network, one {@code ip} batch (bridge, VXLAN enslaved, neighbours, veths) and one {@code bridge} batch
 *       (FDB), then per newly attached container one {@code ip} batch inside it (address, up) and, only if that
 *       succeeded, the alias that marks the attachment done.</li>
 * </ol>
 * What already matches yields no operation, so applying a plan and planning again gives an empty plan.
 */
public final class Planner {
  private Planner() {
  }

  /**
   * @throws IllegalArgumentException when {@code desired} is invalid (see {@link DesiredStates#validate})
   */
  public static Plan plan(Names names, DesiredState desired, ActualState actual) {
    DesiredStates.validate(desired);
    Map<Integer, DesiredNetwork> wanted = new TreeMap<>();
    desired.networks().forEach(n -> wanted.put(n.vni(), n));

    List<Op> pre = new ArrayList<>();
    List<Op> host = new ArrayList<>();
    List<Op> post = new ArrayList<>();

    for (Link stray : actual.hostVxlans()) {
      host.add(Op.ip(Where.HOST, "link del " + stray.name()));
    }
    for (NetnsState ns : actual.sortedNetworks()) {
      if (!wanted.containsKey(ns.vni()) && !desired.partial()) {
        removeNetwork(ns, pre, host);
      }
    }
    for (DesiredNetwork net : wanted.values()) {
      NetnsState ns = actual.networks().get(net.vni());
      if (ns != null && !ns.readable()) {
        host.add(Op.ip(Where.HOST, "netns del " + ns.name()));
        ns = null;
      }
      planNetwork(names, desired, net, ns, pre, host, post);
    }

    List<Op> ops = new ArrayList<>(pre);
    ops.addAll(host);
    ops.addAll(post);
    return new Plan(ops);
  }

  /** Deletes the devices explicitly (synchronously, freeing the VNI at once) then the namespace. */
  private static void removeNetwork(NetnsState ns, List<Op> pre, List<Op> host) {
    if (ns.readable()) {
      Where w = Where.netns(ns.name());
      ns.links().stream()
          .filter(l -> "veth".equals(l.kind()) && Names.isHostVeth(l.name()))
          .sorted(Comparator.comparing(Link::name))
          .forEach(l -> pre.add(Op.ip(w, "link del " + l.name())));
      ns.link(Names.vxlan(ns.vni())).ifPresent(l -> pre.add(Op.ip(w, "link del " + l.name())));
      ns.link(Names.bridge(ns.vni())).ifPresent(l -> pre.add(Op.ip(w, "link del " + l.name())));
    }
    host.add(Op.ip(Where.HOST, "netns del " + ns.name()));
  }

  private static void planNetwork(Names names, DesiredState desired, DesiredNetwork net, NetnsState ns,
                                  List<Op> pre, List<Op> host, List<Op> post) {
    int vni = net.vni();
    int mtu = net.mtu();
    String nsName = names.netns(vni);
    Where w = Where.netns(nsName);
    String br = Names.bridge(vni);
    String vx = Names.vxlan(vni);

    if (ns == null) {
      host.add(Op.ip(Where.HOST, "netns add " + nsName));
    }
    Link vxLink = ns == null ? null : ns.link(vx).orElse(null);
    boolean vxKept = vxLink != null && vxlanMatches(vxLink, desired, net);
    if (vxLink != null && !vxKept) {
      pre.add(Op.ip(w, "link del " + vx));
    }
    if (!vxKept) {
      String tmp = names.vxlanInHost(vni);
      host.add(Op.ip(Where.HOST, "link add " + tmp + " mtu " + mtu + " type vxlan id " + vni + " dstport "
          + desired.vxlanPort() + " local " + net.vxlanLocal(desired) + " nolearning proxy"));
      host.add(Op.ip(Where.HOST, "link set " + tmp + " netns " + nsName + " name " + vx));
    }

    List<Op> ip = new ArrayList<>();
    List<Op> fdb = new ArrayList<>();
    List<Op> containers = new ArrayList<>();

    // Container veths: delete the unwanted and the changed first, so that their names are free to reuse.
    Map<String, Link> veths = new TreeMap<>();
    if (ns != null) {
      ns.links().stream().filter(l -> "veth".equals(l.kind()) && Names.isHostVeth(l.name()))
          .forEach(l -> veths.put(l.name(), l));
    }
    Map<String, Attachment> attachments = new TreeMap<>();
    net.attachments().forEach(a -> attachments.put(Names.hostVeth(a.containerId()), a));
    for (String name : veths.keySet()) {
      if (!attachments.containsKey(name) && !desired.partial()) {
        ip.add(Op.ip(w, "link del " + name));
      }
    }
    List<Map.Entry<String, Attachment>> toCreate = new ArrayList<>();
    for (Map.Entry<String, Attachment> e : attachments.entrySet()) {
      Link have = veths.get(e.getKey());
      if (have == null) {
        toCreate.add(e);
      } else if (!Objects.equals(have.alias(), Names.alias(e.getValue(), mtu))) {
        // A Docker endpoint's pair is remade in the host batch, before this network's ip batch: free its name first.
        (e.getValue().byDocker() ? pre : ip).add(Op.ip(w, "link del " + e.getKey()));
        toCreate.add(e);
      }
    }

    Link brLink = ns == null ? null : ns.link(br).orElse(null);
    if (brLink != null && !"bridge".equals(brLink.kind())) {
      ip.add(Op.ip(w, "link del " + br));
      brLink = null;
    }
    if (brLink == null) {
      ip.add(Op.ip(w, "link add " + br + " mtu " + mtu + " type bridge"));
      ip.add(Op.ip(w, "link set " + br + " up"));
    } else if (brLink.mtu() != mtu || !brLink.up()) {
      ip.add(Op.ip(w, "link set " + br + " mtu " + mtu + " up"));
    }
    if (!vxKept || !br.equals(vxLink.master()) || vxLink.mtu() != mtu || !vxLink.up()) {
      ip.add(Op.ip(w, "link set " + vx + " master " + br + " mtu " + mtu + " up"));
    }
    // The bridge must not learn remote MACs on the VXLAN port: a learned entry outlives the endpoint it came from
    // (300 s of ageing), while the static FDB entries on the VXLAN device are exactly the tables.
    if (!vxKept || !br.equals(vxLink.master()) || vxLink.portLearning()) {
      ip.add(Op.ip(w, "link set " + vx + " type bridge_slave learning off"));
    }

    planNeighbours(net, vx, vxKept ? ns.neigh() : List.of(), w, ip);
    planFdb(net, vx, vxKept ? ns.fdb() : List.of(), w, fdb);

    for (Map.Entry<String, Link> e : veths.entrySet()) {
      Attachment a = attachments.get(e.getKey());
      Link l = e.getValue();
      if (a != null && Objects.equals(l.alias(), Names.alias(a, mtu))
          && (!br.equals(l.master()) || !l.up() || l.mtu() != mtu)) {
        ip.add(Op.ip(w, "link set " + l.name() + " master " + br + " mtu " + mtu + " up"));
      }
    }
    String inContainer = Names.containerIf(vni);
    // The alias records a finished attachment; it is written last, and only when the container's side succeeded,
    // so that an attachment interrupted half-way is remade by the next plan instead of being taken as done.
    for (Map.Entry<String, Attachment> e : toCreate) {
      Attachment a = e.getValue();
      if (a.byDocker()) {
        planDockerVeth(e.getKey(), a, nsName, br, mtu, host, ip);
        continue;
      }
      ip.add(Op.ip(w, "link add " + e.getKey() + " mtu " + mtu + " type veth peer name " + inContainer
          + " address " + a.mac() + " mtu " + mtu + " netns " + a.pid()));
      ip.add(Op.ip(w, "link set " + e.getKey() + " master " + br + " up"));
      Where c = Where.container(a.pid());
      containers.add(Op.ip(c, "addr replace " + a.ip() + "/" + a.prefix() + " dev " + inContainer));
      containers.add(Op.ip(c, "link set " + inContainer + " up"));
      containers.add(Op.ipIfPreviousSucceeded(w, "link set " + e.getKey() + " alias " + Names.alias(a, mtu)));
    }

    post.addAll(ip);
    post.addAll(fdb);
    post.addAll(containers);
  }

  /**
   * A Docker driver endpoint (issue 14): the pair is made in the host namespace with its bridge side sent straight into
   * the network's namespace; the container side stays behind for Docker to move into the container at {@code Join}.
   * Docker sets its address; the alias records the finished attachment as for any other.
   */
  private static void planDockerVeth(String hostVeth, Attachment a, String nsName, String br, int mtu,
                                     List<Op> host, List<Op> ip) {
    Where w = Where.netns(nsName);
    host.add(Op.ip(Where.HOST, "link add " + a.dockerPeer() + " mtu " + mtu + " address " + a.mac()
        + " type veth peer name " + hostVeth + " mtu " + mtu + " netns " + nsName));
    ip.add(Op.ip(w, "link set " + hostVeth + " master " + br + " up"));
    ip.add(Op.ip(w, "link set " + hostVeth + " alias " + Names.alias(a, mtu)));
  }

  /** Static neighbour entries answer ARP inside the host (VXLAN {@code proxy}): nothing is flooded across hosts. */
  private static void planNeighbours(DesiredNetwork net, String vx, List<NeighEntry> actual, Where w, List<Op> ops) {
    Map<String, String> want = new LinkedHashMap<>();
    net.remotes().stream().sorted(Comparator.comparing(RemoteEndpoint::ip))
        .forEach(r -> want.putIfAbsent(r.ip(), r.mac()));
    Map<String, NeighEntry> have = new TreeMap<>();
    actual.stream().filter(n -> vx.equals(n.dev())).forEach(n -> have.put(n.ip(), n));
    for (String ip : have.keySet()) {
      if (!want.containsKey(ip)) {
        ops.add(Op.ip(w, "neigh del " + ip + " dev " + vx));
      }
    }
    want.forEach((ip, mac) -> {
      NeighEntry n = have.get(ip);
      if (n == null || !n.permanent() || !mac.equals(n.mac())) {
        ops.add(Op.ip(w, "neigh replace " + ip + " lladdr " + mac + " dev " + vx + " nud permanent"));
      }
    });
  }

  /** One static FDB entry per remote MAC, to its host's underlay address; no all-zero (flooding) entry. */
  private static void planFdb(DesiredNetwork net, String vx, List<FdbEntry> actual, Where w, List<Op> ops) {
    Map<String, String> want = new LinkedHashMap<>();
    net.remotes().stream().sorted(Comparator.comparing(RemoteEndpoint::mac))
        .forEach(r -> want.putIfAbsent(r.mac(), r.underlay()));
    Map<String, List<String>> have = new TreeMap<>();
    actual.stream().filter(f -> vx.equals(f.dev()))
        .forEach(f -> have.computeIfAbsent(f.mac(), k -> new ArrayList<>()).add(f.dst()));
    for (String mac : have.keySet()) {
      if (!want.containsKey(mac)) {
        ops.add(Op.bridge(w, "fdb del " + mac + " dev " + vx + " self"));
      }
    }
    want.forEach((mac, dst) -> {
      List<String> dsts = have.getOrDefault(mac, List.of());
      if (dsts.equals(List.of(dst))) {
        return;
      }
      if (dsts.size() > 1) {
        ops.add(Op.bridge(w, "fdb del " + mac + " dev " + vx + " self"));
      }
      ops.add(Op.bridge(w, "fdb replace " + mac + " dev " + vx + " dst " + dst + " self permanent"));
    });
  }

  /** flannel's ensureLink: reuse a VXLAN device only when every attribute that cannot be changed in place matches. */
  static boolean vxlanMatches(Link link, DesiredState desired, DesiredNetwork net) {
    VxlanAttrs v = link.vxlan();
    return "vxlan".equals(link.kind()) && v != null
        && v.vni() == net.vni()
        && v.port() == desired.vxlanPort()
        && Objects.equals(v.local(), net.vxlanLocal(desired))
        && !v.learning()
        && v.proxy()
        && v.otherNetns();
  }
}
