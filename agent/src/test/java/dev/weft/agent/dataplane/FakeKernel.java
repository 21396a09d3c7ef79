package dev.weft.agent.dataplane;

import dev.weft.agent.dataplane.ActualState.FdbEntry;
import dev.weft.agent.dataplane.ActualState.Link;
import dev.weft.agent.dataplane.ActualState.NeighEntry;
import dev.weft.agent.dataplane.ActualState.NetnsState;
import dev.weft.agent.dataplane.ActualState.VxlanAttrs;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An honest fake of the kernel for planner tests: it interprets exactly the {@code ip}/{@code bridge} lines the
 * planner writes, and fails like the kernel would (a name taken, a device missing, a namespace that exists), so a plan
 * in the wrong order fails here too. Every new device gets a new ifindex.
 */
final class FakeKernel {
  /** A device; mutable for the interpreter's convenience. */
  static final class Dev {
    int ifindex;
    String name;
    String kind;
    int mtu = 1500;
    boolean up;
    String master;
    String alias;
    VxlanAttrs vxlan;
    boolean portLearning;
    /** A veth's MAC when set at creation, else null. */
    String address;
    /** The other end of a veth in the fake's own terms ({@code host/NAME} or {@code NETNS/NAME}), else null. */
    String peer;
    final Map<String, String> fdb = new LinkedHashMap<>();
    final Map<String, String> neigh = new LinkedHashMap<>();

    Link toLink() {
      return new Link(ifindex, name, kind, mtu, up, master, alias, vxlan, portLearning);
    }
  }

  /** A container-side interface. */
  record ContainerIf(int pid, String name, String mac, int mtu, String addr, boolean up, String peer) {
  }

  private int nextIndex = 100;
  final Map<String, Dev> host = new LinkedHashMap<>();
  final Map<String, Map<String, Dev>> netns = new TreeMap<>();
  final Map<String, ContainerIf> containers = new TreeMap<>();
  final List<String> unreadable = new ArrayList<>();
  int batches;

  ActualState actual(Names names) {
    Map<Integer, NetnsState> networks = new HashMap<>();
    for (Map.Entry<String, Map<String, Dev>> e : netns.entrySet()) {
      names.vniOfNetns(e.getKey()).ifPresent(vni -> {
        List<Link> links = new ArrayList<>();
        List<FdbEntry> fdb = new ArrayList<>();
        List<NeighEntry> neigh = new ArrayList<>();
        for (Dev d : e.getValue().values()) {
          links.add(d.toLink());
          d.fdb.forEach((mac, dst) -> fdb.add(new FdbEntry(d.name, mac, dst)));
          d.neigh.forEach((ip, mac) -> neigh.add(new NeighEntry(d.name, ip, mac, true)));
        }
        networks.put(vni, unreadable.contains(e.getKey()) ? NetnsState.unreadable(e.getKey(), vni)
            : new NetnsState(e.getKey(), vni, true, links, fdb, neigh));
      });
    }
    List<Link> hostVxlans = host.values().stream()
        .filter(d -> "vxlan".equals(d.kind) && names.vniOfHostVxlan(d.name).isPresent()).map(Dev::toLink).toList();
    return new ActualState(networks, hostVxlans);
  }

  void apply(Plan plan) {
    batches += plan.batches().size();
    for (Op op : plan.ops()) {
      try {
        exec(op);
      } catch (RuntimeException e) {
        throw new AssertionError("fake kernel refused " + op + ": " + e.getMessage() + "\nplan:\n" + plan, e);
      }
    }
  }

  private void exec(Op op) {
    String[] w = op.line().split(" ");
    switch (op.where().kind()) {
      case HOST -> host(w);
      case NETNS -> {
        Map<String, Dev> devs = netns.get(op.where().name());
        check(devs != null, "no namespace " + op.where().name());
        check(!unreadable.contains(op.where().name()), "namespace cannot be entered");
        if (op.tool() == Op.Tool.BRIDGE) {
          fdb(devs, w);
        } else {
          ns(devs, w);
        }
      }
      case CONTAINER -> container(op.where().pid(), w);
    }
  }

  private void host(String[] w) {
    if (w[0].equals("netns") && w[1].equals("add")) {
      check(!netns.containsKey(w[2]), "namespace exists: " + w[2]);
      netns.put(w[2], new LinkedHashMap<>());
    } else if (w[0].equals("netns") && w[1].equals("del")) {
      Map<String, Dev> gone = netns.remove(w[2]);
      check(gone != null, "no namespace " + w[2]);
      unreadable.remove(w[2]);
      gone.values().forEach(d -> containers.values().removeIf(c -> c.peer().equals(w[2] + "/" + d.name)));
      gone.values().forEach(this::destroyHostPeer);
    } else if (w[0].equals("link") && w[1].equals("add") && "veth".equals(value(w, "type"))) {
      // A veth made here with its other end sent into a named namespace (a Docker driver endpoint, issue 14).
      check(!host.containsKey(w[2]), "device exists: " + w[2]);
      String nsName = value(w, "netns");
      Map<String, Dev> target = netns.get(nsName);
      check(target != null, "no namespace " + nsName);
      String[] peerPart = List.of(w).subList(List.of(w).indexOf("peer"), w.length).toArray(new String[0]);
      String peerName = value(peerPart, "name");
      check(!target.containsKey(peerName), "device exists in " + nsName + ": " + peerName);
      Dev here = dev(w[2], "veth");
      here.mtu = Integer.parseInt(value(w, "mtu"));
      here.address = value(w, "address");
      here.peer = nsName + "/" + peerName;
      Dev there = dev(peerName, "veth");
      there.mtu = Integer.parseInt(value(peerPart, "mtu"));
      there.address = value(peerPart, "address");
      there.peer = "host/" + here.name;
      host.put(here.name, here);
      target.put(there.name, there);
    } else if (w[0].equals("link") && w[1].equals("add")) {
      check(!host.containsKey(w[2]), "device exists: " + w[2]);
      Dev d = dev(w[2], value(w, "type"));
      d.mtu = Integer.parseInt(value(w, "mtu"));
      d.vxlan = new VxlanAttrs(Integer.parseInt(value(w, "id")), Integer.parseInt(value(w, "dstport")),
          value(w, "local"), !has(w, "nolearning"), has(w, "proxy"), false);
      for (Map<String, Dev> devs : netns.values()) {
        for (Dev other : devs.values()) {
          check(other.vxlan == null || other.vxlan.vni() != d.vxlan.vni() || other.vxlan.port() != d.vxlan.port(),
              "A VXLAN device with the specified VNI already exists");
        }
      }
      host.put(d.name, d);
    } else if (w[0].equals("link") && w[1].equals("set") && w[3].equals("netns")) {
      Dev d = host.remove(w[2]);
      check(d != null, "no device " + w[2]);
      Map<String, Dev> target = netns.get(w[4]);
      check(target != null, "no namespace " + w[4]);
      String name = value(w, "name");
      check(!target.containsKey(name), "device exists: " + name);
      d.name = name;
      d.up = false;
      d.vxlan = new VxlanAttrs(d.vxlan.vni(), d.vxlan.port(), d.vxlan.local(), d.vxlan.learning(), d.vxlan.proxy(),
          true);
      target.put(name, d);
    } else if (w[0].equals("link") && w[1].equals("del")) {
      Dev d = host.remove(w[2]);
      check(d != null, "no device " + w[2]);
      if (d.peer != null) {
        int slash = d.peer.indexOf('/');
        Map<String, Dev> devs = netns.get(d.peer.substring(0, slash));
        if (devs != null) {
          devs.remove(d.peer.substring(slash + 1));
        }
      }
    } else {
      throw new IllegalArgumentException("unknown host command");
    }
  }

  private void ns(Map<String, Dev> devs, String[] w) {
    String nsKey = netns.entrySet().stream().filter(e -> e.getValue() == devs).findFirst().orElseThrow().getKey();
    if (w[0].equals("link") && w[1].equals("add")) {
      check(!devs.containsKey(w[2]), "device exists: " + w[2]);
      Dev d = dev(w[2], value(w, "type"));
      d.mtu = Integer.parseInt(value(w, "mtu"));
      if ("veth".equals(d.kind)) {
        int pid = Integer.parseInt(value(w, "netns"));
        String peer = value(w, "name");
        String key = pid + "/" + peer;
        check(!containers.containsKey(key), "device exists in container: " + key);
        containers.put(key, new ContainerIf(pid, peer, value(w, "address"), d.mtu, null, false, nsKey + "/" + d.name));
      }
      devs.put(d.name, d);
    } else if (w[0].equals("link") && w[1].equals("del")) {
      Dev d = devs.remove(w[2]);
      check(d != null, "no device " + w[2]);
      containers.values().removeIf(c -> c.peer().equals(nsKey + "/" + d.name));
      destroyHostPeer(d);
      devs.values().forEach(o -> {
        if (d.name.equals(o.master)) {
          o.master = null;
        }
      });
    } else if (w[0].equals("link") && w[1].equals("set")) {
      Dev d = devs.get(w[2]);
      check(d != null, "no device " + w[2]);
      for (int i = 3; i < w.length; i++) {
        switch (w[i]) {
          case "up" -> d.up = true;
          case "mtu" -> d.mtu = Integer.parseInt(w[++i]);
          case "alias" -> d.alias = w[++i];
          case "master" -> {
            String m = w[++i];
            check(devs.containsKey(m) && "bridge".equals(devs.get(m).kind), "no bridge " + m);
            if (!m.equals(d.master)) {
              d.portLearning = true; // the kernel's default for a new bridge port
            }
            d.master = m;
          }
          case "type" -> {
            check(w[++i].equals("bridge_slave") && d.master != null, "not a bridge port: " + d.name);
            check(w[++i].equals("learning"), "unknown bridge_slave argument " + w[i]);
            d.portLearning = !w[++i].equals("off");
          }
          default -> throw new IllegalArgumentException("unknown link set argument " + w[i]);
        }
      }
    } else if (w[0].equals("neigh")) {
      Dev d = devs.get(value(w, "dev"));
      check(d != null, "no device " + value(w, "dev"));
      if (w[1].equals("replace")) {
        check(has(w, "permanent"), "neighbour not permanent");
        d.neigh.put(w[2], value(w, "lladdr"));
      } else {
        check(d.neigh.remove(w[2]) != null, "no neighbour " + w[2]);
      }
    } else {
      throw new IllegalArgumentException("unknown netns command");
    }
  }

  private void fdb(Map<String, Dev> devs, String[] w) {
    Dev d = devs.get(value(w, "dev"));
    check(d != null && "vxlan".equals(d.kind), "no vxlan device " + value(w, "dev"));
    check(has(w, "self"), "fdb entry not self");
    if (w[1].equals("replace")) {
      check(has(w, "permanent"), "fdb entry not permanent");
      d.fdb.put(w[2], value(w, "dst"));
    } else if (w[1].equals("del")) {
      check(d.fdb.remove(w[2]) != null, "no fdb entry " + w[2]);
    } else {
      throw new IllegalArgumentException("unknown fdb command");
    }
  }

  private void container(int pid, String[] w) {
    if (w[0].equals("addr") && w[1].equals("replace")) {
      ContainerIf c = containers.get(pid + "/" + value(w, "dev"));
      check(c != null, "no device in container");
      containers.put(pid + "/" + c.name(), new ContainerIf(pid, c.name(), c.mac(), c.mtu(), w[2], c.up(), c.peer()));
    } else if (w[0].equals("link") && w[1].equals("set") && w[3].equals("up")) {
      ContainerIf c = containers.get(pid + "/" + w[2]);
      check(c != null, "no device in container");
      containers.put(pid + "/" + c.name(), new ContainerIf(pid, c.name(), c.mac(), c.mtu(), c.addr(), true, c.peer()));
    } else {
      throw new IllegalArgumentException("unknown container command");
    }
  }

  /** Deleting one end of a veth deletes the other: here, the end still waiting in the host namespace. */
  private void destroyHostPeer(Dev d) {
    if (d.peer != null && d.peer.startsWith("host/")) {
      host.remove(d.peer.substring("host/".length()));
    }
  }

  /**
   * What dockerd does at Join with the interface a driver names: moves it from the host namespace into the
   * container's (whose pid the fake makes up) and renames it.
   */
  void dockerMoves(String hostName, int pid, String name) {
    Dev d = host.remove(hostName);
    check(d != null, "no device " + hostName + " in the host namespace");
    containers.put(pid + "/" + name, new ContainerIf(pid, name, d.address, d.mtu, null, true, d.peer));
  }

  private Dev dev(String name, String kind) {
    Dev d = new Dev();
    d.ifindex = nextIndex++;
    d.name = name;
    d.kind = kind;
    return d;
  }

  /** Every ifindex by namespace/name, to prove nothing was recreated. */
  Map<String, Integer> ifindexes() {
    Map<String, Integer> all = new TreeMap<>();
    netns.forEach((ns, devs) -> devs.values().forEach(d -> all.put(ns + "/" + d.name, d.ifindex)));
    return all;
  }

  private static String value(String[] w, String key) {
    for (int i = 0; i < w.length - 1; i++) {
      if (w[i].equals(key)) {
        return w[i + 1];
      }
    }
    return null;
  }

  private static boolean has(String[] w, String word) {
    return List.of(w).contains(word);
  }

  private static void check(boolean ok, String message) {
    if (!ok) {
      throw new IllegalStateException(message);
    }
  }
}
