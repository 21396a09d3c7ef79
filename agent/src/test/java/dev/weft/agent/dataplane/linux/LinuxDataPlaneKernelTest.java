package dev.weft.agent.dataplane.linux;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.agent.dataplane.ActualState;
import dev.weft.agent.dataplane.Attachment;
import dev.weft.agent.dataplane.DataPlaneException;
import dev.weft.agent.dataplane.DesiredNetwork;
import dev.weft.agent.dataplane.DesiredState;
import dev.weft.agent.dataplane.Names;
import dev.weft.agent.dataplane.RemoteEndpoint;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The data plane in real namespaces: two fake Docker hosts (with Docker's FORWARD DROP) joined by an underlay,
 * containers on two networks with the same subnet (so only the VNI keeps them apart), pinged across VXLAN.
 * Needs root; fails under CI=true rather than skipping.
 */
class LinuxDataPlaneKernelTest {
  private static final int VNI_A = 300;
  private static final int VNI_B = 301;
  private static final int MTU = 1400;
  private static final int PORT = 4800;

  private KernelLab lab;
  private LinuxDataPlane plane1;
  private LinuxDataPlane plane2;
  /** c1 on h1 and c2 on h2 in network A; c3 on h2 and c4 on h1 in network B. */
  private int c1;
  private int c2;
  private int c3;
  private int c4;

  @BeforeEach
  void setUp() {
    KernelLab.requireKernel();
    lab = new KernelLab().start();
    plane1 = lab.plane(lab.h1, lab.prefix1);
    plane2 = lab.plane(lab.h2, lab.prefix2);
    c1 = lab.container();
    c2 = lab.container();
    c3 = lab.container();
    c4 = lab.container();
  }

  @AfterEach
  void tearDown() {
    if (lab != null) {
      lab.close();
    }
  }

  private Attachment att(String id, int pid, int last) {
    return new Attachment(id, pid, lab.overlay(last), 24, mac(last));
  }

  private RemoteEndpoint remote(int last, int host) {
    return new RemoteEndpoint(lab.overlay(last), mac(last), lab.underlay(host));
  }

  private static String mac(int last) {
    return String.format("02:57:0a:63:00:%02x", last);
  }

  private DesiredNetwork net(int vni, List<RemoteEndpoint> remotes, List<Attachment> attachments) {
    return new DesiredNetwork("net" + vni, vni, lab.overlaySubnet(), MTU, remotes, attachments);
  }

  private DesiredState host1(int port, int c1pid, List<RemoteEndpoint> remotesA, boolean withB) {
    List<DesiredNetwork> nets = new ArrayList<>();
    nets.add(net(VNI_A, remotesA, List.of(att("c1", c1pid, 11))));
    if (withB) {
      nets.add(net(VNI_B, List.of(remote(13, 2)), List.of(att("c4", c4, 14))));
    }
    return new DesiredState(lab.underlay(1), port, nets);
  }

  private DesiredState host1() {
    return host1(PORT, c1, List.of(remote(12, 2)), true);
  }

  private DesiredState host2(int port) {
    return new DesiredState(lab.underlay(2), port, List.of(
        net(VNI_A, List.of(remote(11, 1)), List.of(att("c2", c2, 12))),
        net(VNI_B, List.of(remote(14, 1)), List.of(att("c3", c3, 13)))));
  }

  @Test
  void containersReachEachOtherAcrossHostsOnlyInsideTheirNetwork() {
    // c1 has its own "Docker network" already: an eth0 with an address and the default route. Weft leaves them be.
    String c1ns = KernelLab.pidPath(c1);
    lab.inNs(c1ns, "ip", "link", "add", "eth0", "type", "veth", "peer", "name", "eth0p"); // no dummy module here
    lab.inNs(c1ns, "ip", "addr", "add", "192.0.2.10/24", "dev", "eth0");
    lab.inNs(c1ns, "ip", "link", "set", "eth0", "up");
    lab.inNs(c1ns, "ip", "route", "add", "default", "via", "192.0.2.1");
    String eth0Before = find(lab.ipJson(c1ns, "addr", "show"), "eth0").toString();
    plane1.apply(host1());
    plane2.apply(host2(PORT));

    assertThat(lab.inHost(lab.h1, "iptables", "-S", "FORWARD")).contains("-P FORWARD DROP");
    assertThat(lab.pings(c1, lab.overlay(12))).as("c1 -> c2, network A across hosts").isTrue();
    assertThat(lab.pings(c2, lab.overlay(11))).as("c2 -> c1").isTrue();
    assertThat(lab.pings(c4, lab.overlay(13))).as("c4 -> c3, network B across hosts").isTrue();
    assertThat(lab.pings(c3, lab.overlay(14))).as("c3 -> c4").isTrue();
    assertThat(lab.pings(c1, lab.overlay(13))).as("c1 (A) -> c3 (B), other host").isFalse();
    assertThat(lab.pings(c1, lab.overlay(14))).as("c1 (A) -> c4 (B), same host").isFalse();
    assertThat(lab.pings(c3, lab.overlay(12))).as("c3 (B) -> c2 (A), same host").isFalse();

    // The container got exactly one interface with the address, MAC and MTU asked for.
    JsonNode links = lab.ipJson(c1ns, "addr", "show");
    assertThat(names(links)).containsExactlyInAnyOrder("lo", "eth0", "eth0p", "wf300");
    assertThat(find(links, "eth0").toString()).isEqualTo(eth0Before);
    assertThat(lab.ipJson(c1ns, "route", "show").toString())
        .contains("\"dst\":\"default\",\"gateway\":\"192.0.2.1\",\"dev\":\"eth0\"")
        .contains("\"dst\":\"" + lab.overlaySubnet() + "\",\"dev\":\"wf300\"");
    JsonNode wf = find(links, "wf300");
    assertThat(wf.path("address").asText()).isEqualTo(mac(11));
    assertThat(wf.path("mtu").asInt()).isEqualTo(MTU);
    assertThat(wf.path("addr_info").toString()).contains(lab.overlay(11)).contains("\"prefixlen\":24");

    // The network's namespace: VXLAN made in the host namespace, static FDB and neighbours, no flooding entry.
    String nsA = KernelLab.path("weft-" + lab.prefix1 + "-" + VNI_A);
    JsonNode vx = find(lab.ipJson(nsA, "link", "show"), "vx300");
    JsonNode data = vx.path("linkinfo").path("info_data");
    assertThat(data.path("id").asInt()).isEqualTo(VNI_A);
    assertThat(data.path("port").asInt()).isEqualTo(PORT);
    assertThat(data.path("local").asText()).isEqualTo(lab.underlay(1));
    assertThat(data.path("learning").asBoolean()).isFalse();
    assertThat(data.path("proxy").asBoolean()).isTrue();
    assertThat(vx.has("link_netnsid")).as("UDP socket in the host namespace").isTrue();
    assertThat(vx.path("mtu").asInt()).isEqualTo(MTU);
    assertThat(find(lab.ipJson(nsA, "link", "show"), "br300").path("mtu").asInt()).isEqualTo(MTU);
    assertThat(IprouteJson.fdb(lab.bridgeFdb(nsA)))
        .containsExactly(new ActualState.FdbEntry("vx300", mac(12), lab.underlay(2)));
    assertThat(lab.ipJson(nsA, "neigh", "show").toString()).contains(lab.overlay(12)).contains("PERMANENT");
    // Nothing made in the host namespace stays there.
    assertThat(lab.ipJson(KernelLab.path(lab.h1), "link", "show").toString()).doesNotContain(plane1.names().vxlanInHost(VNI_A), "br300");
  }

  @Test
  void reapplyingAndRestartingChangeNothing() {
    plane1.apply(host1());
    plane2.apply(host2(PORT));
    assertThat(lab.pings(c1, lab.overlay(12))).isTrue();
    Map<String, Integer> before = ifindexes();

    assertThat(plane1.plan(host1()).ops()).as("second plan on h1").isEmpty();
    assertThat(plane2.plan(host2(PORT)).ops()).as("second plan on h2").isEmpty();
    plane1.apply(host1());
    plane2.apply(host2(PORT));
    assertThat(ifindexes()).isEqualTo(before);

    // A new agent process on the same host: same prefix, fresh objects, no memory of the old one.
    LinuxDataPlane restarted = lab.plane(lab.h1, lab.prefix1);
    assertThat(restarted.plan(host1()).ops()).as("plan of a restarted agent").isEmpty();
    restarted.apply(host1());
    assertThat(ifindexes()).isEqualTo(before);
    assertThat(lab.pings(c1, lab.overlay(12))).isTrue();
  }

  @Test
  void changesConvergeAndRemovalsClean() {
    plane1.apply(host1());
    plane2.apply(host2(PORT));
    assertThat(lab.pings(c1, lab.overlay(12))).isTrue();
    String nsA = KernelLab.path("weft-" + lab.prefix1 + "-" + VNI_A);

    // A remote endpoint leaves: its FDB and neighbour entries go, and so does reachability.
    plane1.apply(host1(PORT, c1, List.of(), true));
    assertThat(IprouteJson.fdb(lab.bridgeFdb(nsA))).as("static VXLAN entries").isEmpty();
    assertThat(lab.ipJson(nsA, "neigh", "show").toString()).doesNotContain(lab.overlay(12));
    assertThat(lab.pings(c1, lab.overlay(12))).isFalse();
    plane1.apply(host1());
    assertThat(lab.pings(c1, lab.overlay(12))).isTrue();

    // The container restarts with a new pid (and namespace): it is attached again.
    lab.kill(c1);
    int c1b = lab.container();
    plane1.apply(host1(PORT, c1b, List.of(remote(12, 2)), true));
    assertThat(lab.pings(c1b, lab.overlay(12))).isTrue();
    assertThat(plane1.plan(host1(PORT, c1b, List.of(remote(12, 2)), true)).ops()).isEmpty();

    // Network B leaves host 1: its namespace and the container's interface go; network A is untouched.
    int vxA = find(lab.ipJson(nsA, "link", "show"), "vx300").path("ifindex").asInt();
    plane1.apply(host1(PORT, c1b, List.of(remote(12, 2)), false));
    assertThat(lab.netnsWithPrefix(lab.prefix1)).containsExactly("weft-" + lab.prefix1 + "-" + VNI_A);
    assertThat(names(lab.ipJson(KernelLab.pidPath(c4), "link", "show"))).containsExactly("lo");
    assertThat(find(lab.ipJson(nsA, "link", "show"), "vx300").path("ifindex").asInt()).isEqualTo(vxA);
    assertThat(lab.pings(c1b, lab.overlay(12))).isTrue();

    // A new VXLAN port on both hosts: the devices are remade (ensureLink) and traffic flows again.
    plane1.apply(host1(4801, c1b, List.of(remote(12, 2)), false));
    plane2.apply(host2(4801));
    JsonNode vx = find(lab.ipJson(nsA, "link", "show"), "vx300");
    assertThat(vx.path("linkinfo").path("info_data").path("port").asInt()).isEqualTo(4801);
    assertThat(vx.path("ifindex").asInt()).isNotEqualTo(vxA);
    assertThat(lab.pings(c1b, lab.overlay(12))).isTrue();

    // Detach: the veth goes from both sides.
    plane1.apply(new DesiredState(lab.underlay(1), 4801,
        List.of(net(VNI_A, List.of(remote(12, 2)), List.of()))));
    assertThat(names(lab.ipJson(KernelLab.pidPath(c1b), "link", "show"))).containsExactly("lo");
    assertThat(names(lab.ipJson(nsA, "link", "show"))).containsExactlyInAnyOrder("lo", "br300", "vx300");

    // removeAll: nothing with the prefix is left, in /var/run/netns or in the host namespace.
    plane1.removeAll();
    assertThat(lab.netnsWithPrefix(lab.prefix2)).as("another host's namespaces").hasSize(2);
    plane2.removeAll();
    assertThat(lab.netnsWithPrefix(lab.prefix1)).isEmpty();
    assertThat(lab.netnsWithPrefix(lab.prefix2)).isEmpty();
    assertThat(names(lab.ipJson(KernelLab.path(lab.h1), "link", "show"))).containsExactlyInAnyOrder("lo", "u0");
    assertThat(names(lab.ipJson(KernelLab.pidPath(c2), "link", "show"))).containsExactly("lo");
    assertThat(plane1.plan(new DesiredState(null, 0, List.of())).ops()).isEmpty();
  }

  @Test
  void recoversFromAnInterruptedCreation() {
    // A crash after the VXLAN device was made in the host namespace, before it was moved; and a namespace without
    // its devices. The next apply finishes the job.
    lab.inHost(lab.h1, "ip", "link", "add", plane1.names().vxlanInHost(VNI_A), "type", "vxlan", "id", "300", "dstport", "4800",
        "local", lab.underlay(1), "nolearning", "proxy");
    lab.inHost(lab.h1, "ip", "netns", "add", "weft-" + lab.prefix1 + "-" + VNI_B);
    // A namespace name that is no namespace (a file without its mount), for a network wanted and one not wanted.
    java.nio.file.Path plainA = java.nio.file.Path.of(KernelLab.path("weft-" + lab.prefix1 + "-" + VNI_A));
    java.nio.file.Path plainGone = java.nio.file.Path.of(KernelLab.path("weft-" + lab.prefix1 + "-999"));
    try {
      java.nio.file.Files.createFile(plainA);
      java.nio.file.Files.createFile(plainGone);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    assertThat(plane1.actual().networks().get(VNI_A).readable()).isFalse();
    // Another agent's device in the same host namespace (another prefix) is not ours to touch.
    String foreign = new Names("other" + lab.run).vxlanInHost(VNI_A);
    lab.inHost(lab.h1, "ip", "link", "add", foreign, "type", "vxlan", "id", "300", "dstport", "4999",
        "local", lab.underlay(1), "nolearning", "proxy");
    plane1.apply(host1());
    assertThat(lab.netnsWithPrefix(lab.prefix1))
        .containsExactly("weft-" + lab.prefix1 + "-" + VNI_A, "weft-" + lab.prefix1 + "-" + VNI_B);
    plane2.apply(host2(PORT));
    assertThat(lab.pings(c1, lab.overlay(12))).isTrue();
    assertThat(lab.pings(c4, lab.overlay(13))).isTrue();
    assertThat(plane1.plan(host1()).ops()).isEmpty();
    plane1.removeAll();
    assertThat(names(lab.ipJson(KernelLab.path(lab.h1), "link", "show"))).containsExactlyInAnyOrder("lo", "u0", foreign);
  }

  @Test
  void manyNetworksAndEntriesTakeAFewProcessesPerNetwork() {
    List<String> calls = java.util.Collections.synchronizedList(new ArrayList<>()); // namespaces are read in parallel
    CommandRunner base = CommandRunner.local().inNetns(KernelLab.path(lab.h1));
    CommandRunner counting = (argv, stdin) -> {
      calls.add(String.join(" ", argv));
      return base.run(argv, stdin);
    };
    LinuxDataPlane plane = new LinuxDataPlane(lab.prefix1, counting, WireGuardDevice::new);
    List<DesiredNetwork> nets = new ArrayList<>();
    int networks = 20;
    for (int n = 0; n < networks; n++) {
      List<RemoteEndpoint> remotes = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        remotes.add(new RemoteEndpoint("10.98." + (i / 250) + "." + (i % 250 + 1),
            String.format("02:57:0a:62:%02x:%02x", i / 250, i % 250 + 1), lab.underlay(2 + i % 3)));
      }
      nets.add(new DesiredNetwork("n" + n, 1000 + n, "10.98.0.0/16", MTU, remotes,
          n == 0 ? List.of(att("c1", c1, 11)) : List.of()));
    }
    DesiredState state = new DesiredState(lab.underlay(1), PORT, nets);
    plane.removeAll();

    calls.clear();
    long t0 = System.nanoTime();
    plane.apply(state);
    long first = System.nanoTime() - t0;
    // Reads: one for the host. Writes: one host batch, an ip and a bridge batch per network, and for the one
    // container its batch and the alias batch. 4000 FDB and 4000 neighbour entries cost no process of their own.
    assertThat(calls).hasSize(1 + 1 + 2 * networks + 2);

    calls.clear();
    t0 = System.nanoTime();
    assertThat(plane.plan(state).ops()).isEmpty();
    long second = System.nanoTime() - t0;
    // Reads only: the host, then links+neighbours and FDB per network namespace.
    assertThat(calls).hasSize(1 + 2 * networks);
    String ns = KernelLab.path("weft-" + lab.prefix1 + "-1007");
    assertThat(IprouteJson.fdb(lab.bridgeFdb(ns))).hasSize(200);
    System.out.printf("data plane, %d networks x 200 remotes: first apply %d ms, no-op reconcile %d ms%n",
        networks, first / 1_000_000, second / 1_000_000);
    plane.removeAll();
    assertThat(lab.netnsWithPrefix(lab.prefix1)).isEmpty();
  }

  @Test
  void anExitedContainerFailsClearlyWithoutStoppingTheRest() {
    lab.kill(c4);
    DesiredState state = host1();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> plane1.apply(state))
        .isInstanceOf(DataPlaneException.class).hasMessageContaining("cannot open /proc/" + c4 + "/ns/net");
    plane2.apply(host2(PORT));
    assertThat(lab.pings(c1, lab.overlay(12))).as("network A unaffected").isTrue();
    // The container's entry leaves the desired state: the next apply is clean.
    DesiredState without = new DesiredState(lab.underlay(1), PORT, List.of(state.networks().get(0),
        net(VNI_B, List.of(remote(13, 2)), List.of())));
    plane1.apply(without);
    assertThat(plane1.plan(without).ops()).isEmpty();
  }

  /** ifindex of every device Weft made on both hosts and in the containers. */
  private Map<String, Integer> ifindexes() {
    Map<String, Integer> all = new LinkedHashMap<>();
    for (String prefix : List.of(lab.prefix1, lab.prefix2)) {
      for (String ns : lab.netnsWithPrefix(prefix)) {
        lab.ipJson(KernelLab.path(ns), "link", "show")
            .forEach(l -> all.put(ns + "/" + l.path("ifname").asText(), l.path("ifindex").asInt()));
      }
    }
    for (int pid : List.of(c1, c2, c3, c4)) {
      lab.ipJson(KernelLab.pidPath(pid), "link", "show")
          .forEach(l -> all.put(pid + "/" + l.path("ifname").asText(), l.path("ifindex").asInt()));
    }
    assertThat(all).hasSizeGreaterThan(10);
    return all;
  }

  private static List<String> names(JsonNode links) {
    List<String> names = new ArrayList<>();
    links.forEach(l -> names.add(l.path("ifname").asText()));
    return names;
  }

  private static JsonNode find(JsonNode links, String name) {
    for (JsonNode l : links) {
      if (name.equals(l.path("ifname").asText())) {
        return l;
      }
    }
    throw new AssertionError(name + " not in " + links);
  }
}
