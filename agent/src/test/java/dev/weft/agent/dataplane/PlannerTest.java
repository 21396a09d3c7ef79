package dev.weft.agent.dataplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.agent.dataplane.ActualState.Link;
import dev.weft.agent.dataplane.ActualState.NeighEntry;
import dev.weft.agent.dataplane.ActualState.NetnsState;
import dev.weft.agent.dataplane.ActualState.VxlanAttrs;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The planner without a kernel: exact plans for the cases that matter, and convergence on {@link FakeKernel}. */
class PlannerTest {
  static final Names NAMES = new Names("h1");
  static final String NS = "weft-h1-300";
  static final Where N = Where.netns(NS);
  static final String UNDERLAY = "10.0.0.1";
  static final String WV300 = NAMES.vxlanInHost(300);
  static final String WV7 = NAMES.vxlanInHost(7);

  static DesiredState state(DesiredNetwork... nets) {
    return new DesiredState(UNDERLAY, 4800, List.of(nets));
  }

  static DesiredNetwork net(int vni, List<RemoteEndpoint> remotes, List<Attachment> attachments) {
    return new DesiredNetwork("n" + vni, vni, "10.200.0.0/24", 1400, remotes, attachments);
  }

  static DesiredNetwork net300(List<RemoteEndpoint> remotes, List<Attachment> attachments) {
    return net(300, remotes, attachments);
  }

  static RemoteEndpoint remote(int last, String underlay) {
    return new RemoteEndpoint("10.200.0." + last, mac(last), underlay);
  }

  static Attachment att(String id, int pid, int last) {
    return new Attachment(id, pid, "10.200.0." + last, 24, mac(last));
  }

  static String mac(int last) {
    return String.format("02:57:0a:c8:00:%02x", last);
  }

  static final DesiredState ONE = state(net300(List.of(remote(2, "10.0.0.2"), remote(3, "10.0.0.3")),
      List.of(att("c1", 1001, 10))));

  static FakeKernel converged(DesiredState desired) {
    FakeKernel k = new FakeKernel();
    k.apply(plan(desired, k));
    assertThat(plan(desired, k).ops()).as("second plan").isEmpty();
    return k;
  }

  static Plan plan(DesiredState desired, FakeKernel k) {
    return Planner.plan(NAMES, desired, k.actual(NAMES));
  }

  static List<String> lines(Plan plan) {
    return plan.lines();
  }

  @Test
  void createsANetworkFromNothingInFourBatches() {
    Plan plan = Planner.plan(NAMES, ONE, ActualState.EMPTY);
    String ve = Names.hostVeth("c1");
    assertThat(lines(plan)).containsExactly(
        "[host] ip netns add weft-h1-300",
        "[host] ip link add " + WV300 + " mtu 1400 type vxlan id 300 dstport 4800 local 10.0.0.1 nolearning proxy",
        "[host] ip link set " + WV300 + " netns weft-h1-300 name vx300",
        "[netns weft-h1-300] ip link add br300 mtu 1400 type bridge",
        "[netns weft-h1-300] ip link set br300 up",
        "[netns weft-h1-300] ip link set vx300 master br300 mtu 1400 up",
        "[netns weft-h1-300] ip link set vx300 type bridge_slave learning off",
        "[netns weft-h1-300] ip neigh replace 10.200.0.2 lladdr 02:57:0a:c8:00:02 dev vx300 nud permanent",
        "[netns weft-h1-300] ip neigh replace 10.200.0.3 lladdr 02:57:0a:c8:00:03 dev vx300 nud permanent",
        "[netns weft-h1-300] ip link add " + ve + " mtu 1400 type veth peer name wf300 address 02:57:0a:c8:00:0a"
            + " mtu 1400 netns 1001",
        "[netns weft-h1-300] ip link set " + ve + " master br300 up",
        "[netns weft-h1-300] bridge fdb replace 02:57:0a:c8:00:02 dev vx300 dst 10.0.0.2 self permanent",
        "[netns weft-h1-300] bridge fdb replace 02:57:0a:c8:00:03 dev vx300 dst 10.0.0.3 self permanent",
        "[container pid 1001] ip addr replace 10.200.0.10/24 dev wf300",
        "[container pid 1001] ip link set wf300 up",
        "[netns weft-h1-300] ip link set " + ve + " alias weft,cid=c1,pid=1001,ip=10.200.0.10/24,"
            + "mac=02:57:0a:c8:00:0a,mtu=1400 (if previous succeeded)");
    assertThat(plan.batches()).extracting(b -> b.where() + " " + b.tool())
        .containsExactly("host IP", "netns weft-h1-300 IP", "netns weft-h1-300 BRIDGE", "container pid 1001 IP",
            "netns weft-h1-300 IP");
  }

  @Test
  void convergedStateGivesAnEmptyPlanAndTheFakeHoldsWhatWasAsked() {
    FakeKernel k = converged(ONE);
    Map<String, FakeKernel.Dev> devs = k.netns.get(NS);
    assertThat(devs.keySet()).containsExactlyInAnyOrder("br300", "vx300", Names.hostVeth("c1"));
    assertThat(devs.get("vx300").fdb).containsExactly(Map.entry(mac(2), "10.0.0.2"), Map.entry(mac(3), "10.0.0.3"));
    assertThat(devs.get("vx300").neigh).containsOnlyKeys("10.200.0.2", "10.200.0.3");
    assertThat(devs.values()).allMatch(d -> d.up && d.mtu == 1400);
    assertThat(devs.get("vx300").master).isEqualTo("br300");
    assertThat(k.containers.values()).containsExactly(
        new FakeKernel.ContainerIf(1001, "wf300", mac(10), 1400, "10.200.0.10/24", true, NS + "/" + Names.hostVeth("c1")));
    assertThat(k.host).isEmpty();
  }

  /** Each row: a change to a converged {@link #ONE} and the exact plan that repairs it. */
  static Stream<Arguments> repairs() {
    String ve = Names.hostVeth("c1");
    return Stream.of(
        Arguments.of("bridge down", (Consumer<FakeKernel>) k -> k.netns.get(NS).get("br300").up = false,
            List.of("[netns weft-h1-300] ip link set br300 mtu 1400 up")),
        Arguments.of("bridge mtu", (Consumer<FakeKernel>) k -> k.netns.get(NS).get("br300").mtu = 1500,
            List.of("[netns weft-h1-300] ip link set br300 mtu 1400 up")),
        Arguments.of("vxlan released", (Consumer<FakeKernel>) k -> k.netns.get(NS).get("vx300").master = null,
            List.of("[netns weft-h1-300] ip link set vx300 master br300 mtu 1400 up",
                "[netns weft-h1-300] ip link set vx300 type bridge_slave learning off")),
        Arguments.of("vxlan port learning", (Consumer<FakeKernel>) k -> k.netns.get(NS).get("vx300").portLearning = true,
            List.of("[netns weft-h1-300] ip link set vx300 type bridge_slave learning off")),
        Arguments.of("veth down", (Consumer<FakeKernel>) k -> k.netns.get(NS).get(ve).up = false,
            List.of("[netns weft-h1-300] ip link set " + ve + " master br300 mtu 1400 up")),
        Arguments.of("flood entry", (Consumer<FakeKernel>) k -> k.netns.get(NS).get("vx300").fdb
                .put("00:00:00:00:00:00", "10.0.0.9"),
            List.of("[netns weft-h1-300] bridge fdb del 00:00:00:00:00:00 dev vx300 self")),
        Arguments.of("fdb to the wrong host", (Consumer<FakeKernel>) k -> k.netns.get(NS).get("vx300").fdb
                .put(mac(2), "10.0.0.9"),
            List.of("[netns weft-h1-300] bridge fdb replace 02:57:0a:c8:00:02 dev vx300 dst 10.0.0.2 self permanent")),
        Arguments.of("stale neighbour", (Consumer<FakeKernel>) k -> k.netns.get(NS).get("vx300").neigh
                .put("10.200.0.77", mac(77)),
            List.of("[netns weft-h1-300] ip neigh del 10.200.0.77 dev vx300")),
        Arguments.of("neighbour with the wrong MAC", (Consumer<FakeKernel>) k -> k.netns.get(NS).get("vx300").neigh
                .put("10.200.0.3", mac(99)),
            List.of("[netns weft-h1-300] ip neigh replace 10.200.0.3 lladdr 02:57:0a:c8:00:03 dev vx300 nud permanent")),
        Arguments.of("stray wvx in the host", (Consumer<FakeKernel>) k -> {
              FakeKernel.Dev d = new FakeKernel.Dev();
              d.name = WV300;
              d.kind = "vxlan";
              d.vxlan = new VxlanAttrs(999, 4800, UNDERLAY, false, true, false);
              k.host.put(WV300, d);
            },
            List.of("[host] ip link del " + WV300)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("repairs")
  void repairsExactlyWhatDiffers(String name, Consumer<FakeKernel> damage, List<String> expected) {
    FakeKernel k = converged(ONE);
    Map<String, Integer> before = k.ifindexes();
    damage.accept(k);
    Plan plan = plan(ONE, k);
    assertThat(lines(plan)).containsExactlyElementsOf(expected);
    k.apply(plan);
    assertThat(plan(ONE, k).ops()).isEmpty();
    assertThat(k.ifindexes()).isEqualTo(before);
  }

  /** Each row: a VXLAN attribute that cannot change in place; the device is remade, the rest kept. */
  static Stream<Arguments> vxlanRecreations() {
    return Stream.of(
        Arguments.of("port", new VxlanAttrs(300, 4789, UNDERLAY, false, true, true)),
        Arguments.of("local address", new VxlanAttrs(300, 4800, "10.0.0.5", false, true, true)),
        Arguments.of("vni", new VxlanAttrs(301, 4800, UNDERLAY, false, true, true)),
        Arguments.of("learning", new VxlanAttrs(300, 4800, UNDERLAY, true, true, true)),
        Arguments.of("no proxy", new VxlanAttrs(300, 4800, UNDERLAY, false, false, true)),
        Arguments.of("socket in the network namespace", new VxlanAttrs(300, 4800, UNDERLAY, false, true, false)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vxlanRecreations")
  void remakesAVxlanDeviceWhoseFixedAttributesDiffer(String name, VxlanAttrs wrong) {
    FakeKernel k = converged(ONE);
    Map<String, Integer> before = k.ifindexes();
    k.netns.get(NS).get("vx300").vxlan = wrong;
    Plan plan = plan(ONE, k);
    assertThat(lines(plan)).startsWith(
        "[netns weft-h1-300] ip link del vx300",
        "[host] ip link add " + WV300 + " mtu 1400 type vxlan id 300 dstport 4800 local 10.0.0.1 nolearning proxy",
        "[host] ip link set " + WV300 + " netns weft-h1-300 name vx300",
        "[netns weft-h1-300] ip link set vx300 master br300 mtu 1400 up",
        "[netns weft-h1-300] ip link set vx300 type bridge_slave learning off");
    assertThat(lines(plan)).filteredOn(l -> l.contains("neigh replace")).hasSize(2);
    assertThat(lines(plan)).filteredOn(l -> l.contains("fdb replace")).hasSize(2);
    assertThat(lines(plan)).noneMatch(l -> l.contains("br300 type bridge") || l.contains("veth"));
    k.apply(plan);
    assertThat(plan(ONE, k).ops()).isEmpty();
    Map<String, Integer> after = k.ifindexes();
    assertThat(after.get(NS + "/vx300")).isNotEqualTo(before.get(NS + "/vx300"));
    assertThat(after.get(NS + "/br300")).isEqualTo(before.get(NS + "/br300"));
  }

  /** Each row: a change of desired state from {@link #ONE}, and the lines the plan must hold. */
  static Stream<Arguments> transitions() {
    String ve1 = Names.hostVeth("c1");
    String ve2 = Names.hostVeth("c2");
    return Stream.of(
        Arguments.of("remote leaves", state(net300(List.of(remote(2, "10.0.0.2")), List.of(att("c1", 1001, 10)))),
            List.of("[netns weft-h1-300] ip neigh del 10.200.0.3 dev vx300",
                "[netns weft-h1-300] bridge fdb del 02:57:0a:c8:00:03 dev vx300 self")),
        Arguments.of("remote moves host", state(net300(List.of(remote(2, "10.0.0.2"), remote(3, "10.0.0.4")),
                List.of(att("c1", 1001, 10)))),
            List.of("[netns weft-h1-300] bridge fdb replace 02:57:0a:c8:00:03 dev vx300 dst 10.0.0.4 self permanent")),
        Arguments.of("container restarted", state(net300(List.of(remote(2, "10.0.0.2"), remote(3, "10.0.0.3")),
                List.of(att("c1", 2002, 10)))),
            List.of("[netns weft-h1-300] ip link del " + ve1,
                "[netns weft-h1-300] ip link add " + ve1 + " mtu 1400 type veth peer name wf300 address "
                    + "02:57:0a:c8:00:0a mtu 1400 netns 2002",
                "[netns weft-h1-300] ip link set " + ve1 + " master br300 up",
                "[container pid 2002] ip addr replace 10.200.0.10/24 dev wf300",
                "[container pid 2002] ip link set wf300 up",
                "[netns weft-h1-300] ip link set " + ve1 + " alias weft,cid=c1,pid=2002,ip=10.200.0.10/24,"
                    + "mac=02:57:0a:c8:00:0a,mtu=1400 (if previous succeeded)")),
        Arguments.of("container detached, another attached",
            state(net300(List.of(remote(2, "10.0.0.2"), remote(3, "10.0.0.3")), List.of(att("c2", 1002, 11)))),
            List.of("[netns weft-h1-300] ip link del " + ve1,
                "[netns weft-h1-300] ip link add " + ve2 + " mtu 1400 type veth peer name wf300 address "
                    + "02:57:0a:c8:00:0b mtu 1400 netns 1002",
                "[netns weft-h1-300] ip link set " + ve2 + " master br300 up",
                "[container pid 1002] ip addr replace 10.200.0.11/24 dev wf300",
                "[container pid 1002] ip link set wf300 up",
                "[netns weft-h1-300] ip link set " + ve2 + " alias weft,cid=c2,pid=1002,ip=10.200.0.11/24,"
                    + "mac=02:57:0a:c8:00:0b,mtu=1400 (if previous succeeded)")),
        Arguments.of("network leaves", state(),
            List.of("[netns weft-h1-300] ip link del " + ve1,
                "[netns weft-h1-300] ip link del vx300",
                "[netns weft-h1-300] ip link del br300",
                "[host] ip netns del weft-h1-300")),
        Arguments.of("second network joins", state(ONE.networks().get(0), net(7, List.of(), List.of())),
            List.of("[host] ip netns add weft-h1-7",
                "[host] ip link add " + WV7 + " mtu 1400 type vxlan id 7 dstport 4800 local 10.0.0.1 nolearning proxy",
                "[host] ip link set " + WV7 + " netns weft-h1-7 name vx7",
                "[netns weft-h1-7] ip link add br7 mtu 1400 type bridge",
                "[netns weft-h1-7] ip link set br7 up",
                "[netns weft-h1-7] ip link set vx7 master br7 mtu 1400 up",
                "[netns weft-h1-7] ip link set vx7 type bridge_slave learning off")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("transitions")
  void transitionChangesOnlyWhatChanged(String name, DesiredState next, List<String> expected) {
    FakeKernel k = converged(ONE);
    Plan plan = plan(next, k);
    assertThat(lines(plan)).containsExactlyElementsOf(expected);
    k.apply(plan);
    assertThat(plan(next, k).ops()).isEmpty();
  }

  @Test
  void mtuChangeReattachesContainersAndKeepsTheVxlanDevice() {
    FakeKernel k = converged(ONE);
    Map<String, Integer> before = k.ifindexes();
    DesiredNetwork n = ONE.networks().get(0);
    DesiredState next = state(new DesiredNetwork(n.name(), 300, n.subnet(), 1350, n.remotes(), n.attachments()));
    Plan plan = plan(next, k);
    assertThat(lines(plan)).contains("[netns weft-h1-300] ip link set br300 mtu 1350 up",
        "[netns weft-h1-300] ip link set vx300 master br300 mtu 1350 up");
    k.apply(plan);
    assertThat(plan(next, k).ops()).isEmpty();
    assertThat(k.ifindexes().get(NS + "/vx300")).isEqualTo(before.get(NS + "/vx300"));
    assertThat(k.containers.values()).singleElement().extracting(FakeKernel.ContainerIf::mtu).isEqualTo(1350);
  }

  @Test
  void anAttachmentWithoutItsAliasIsRemade() {
    FakeKernel k = converged(ONE);
    String ve = Names.hostVeth("c1");
    k.netns.get(NS).get(ve).alias = null;
    Plan plan = plan(ONE, k);
    assertThat(lines(plan)).startsWith("[netns weft-h1-300] ip link del " + ve,
        "[netns weft-h1-300] ip link add " + ve + " mtu 1400 type veth peer name wf300 address 02:57:0a:c8:00:0a"
            + " mtu 1400 netns 1001");
    k.apply(plan);
    assertThat(plan(ONE, k).ops()).isEmpty();
  }

  @Test
  void unreadableNamespaceIsRemade() {
    FakeKernel k = new FakeKernel();
    k.netns.put(NS, new java.util.LinkedHashMap<>());
    k.unreadable.add(NS);
    Plan plan = plan(ONE, k);
    assertThat(lines(plan)).startsWith("[host] ip netns del weft-h1-300", "[host] ip netns add weft-h1-300");
    k.apply(plan);
    assertThat(plan(ONE, k).ops()).isEmpty();
  }

  @Test
  void namespaceWithoutDevicesIsCompleted() {
    FakeKernel k = new FakeKernel();
    k.netns.put(NS, new java.util.LinkedHashMap<>());
    Plan plan = plan(ONE, k);
    assertThat(lines(plan)).noneMatch(l -> l.contains("netns add") || l.contains("netns del"));
    k.apply(plan);
    assertThat(plan(ONE, k).ops()).isEmpty();
  }

  @Test
  void removeAllRemovesEverythingWithoutAnUnderlayAddress() {
    FakeKernel k = converged(state(ONE.networks().get(0), net(7, List.of(remote(5, "10.0.0.5")), List.of())));
    Plan plan = plan(new DesiredState(null, 0, List.of()), k);
    assertThat(lines(plan)).filteredOn(l -> l.startsWith("[host]"))
        .containsExactly("[host] ip netns del weft-h1-7", "[host] ip netns del weft-h1-300");
    k.apply(plan);
    assertThat(k.netns).isEmpty();
    assertThat(k.containers).isEmpty();
    assertThat(plan(new DesiredState(null, 0, List.of()), k).ops()).isEmpty();
  }

  @Test
  void nonPermanentNeighbourIsMadePermanentAndForeignDevicesAreIgnored() {
    Link vx = new Link(5, "vx300", "vxlan", 1400, true, "br300", null,
        new VxlanAttrs(300, 4800, UNDERLAY, false, true, true));
    Link br = new Link(6, "br300", "bridge", 1400, true, null, null, null);
    Link lo = new Link(1, "lo", null, 65536, false, null, null, null);
    Link dummy = new Link(7, "dummy0", "dummy", 1500, false, null, null, null);
    NetnsState ns = new NetnsState(NS, 300, true, List.of(lo, vx, br, dummy), List.of(),
        List.of(new NeighEntry("vx300", "10.200.0.2", mac(2), false), new NeighEntry("br300", "10.200.0.9", mac(9), false)));
    DesiredState d = state(net300(List.of(remote(2, "10.0.0.2")), List.of()));
    Plan plan = Planner.plan(NAMES, d, new ActualState(Map.of(300, ns), List.of()));
    assertThat(lines(plan)).containsExactly(
        "[netns weft-h1-300] ip neigh replace 10.200.0.2 lladdr 02:57:0a:c8:00:02 dev vx300 nud permanent",
        "[netns weft-h1-300] bridge fdb replace 02:57:0a:c8:00:02 dev vx300 dst 10.0.0.2 self permanent");
  }

  @Test
  void duplicateRemotesResolveToTheFirstByAddress() {
    DesiredState d = state(net300(List.of(remote(2, "10.0.0.2"),
        new RemoteEndpoint("10.200.0.2", mac(42), "10.0.0.42")), List.of()));
    FakeKernel k = converged(d);
    assertThat(k.netns.get(NS).get("vx300").neigh).hasSize(1);
  }

  @Test
  void invalidDesiredStateIsRefusedBeforeAnyChange() {
    DesiredState bad = state(net300(List.of(new RemoteEndpoint("10.200.0.2\nlink del eth0", mac(2), "10.0.0.2")),
        List.of()));
    assertThatThrownBy(() -> Planner.plan(NAMES, bad, ActualState.EMPTY))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("remote ip");
  }

  /**
   * Random walks over desired states: from whatever the previous step left, one plan converges (the fake accepts
   * every line in order), the next plan is empty, and the fake holds exactly the desired entries.
   */
  @Test
  void randomWalksConvergeInOnePlan() {
    for (long seed = 0; seed < 300; seed++) {
      Random rnd = new Random(seed);
      FakeKernel k = new FakeKernel();
      for (int step = 0; step < 6; step++) {
        DesiredState d = randomState(rnd);
        Map<String, Integer> before = k.ifindexes();
        k.apply(plan(d, k));
        assertThat(plan(d, k).ops()).as("seed %d step %d", seed, step).isEmpty();
        assertHolds(k, d, "seed " + seed + " step " + step);
        // A VXLAN device with unchanged attributes, and a bridge, are never remade.
        for (DesiredNetwork n : d.networks()) {
          String br = NAMES.netns(n.vni()) + "/" + Names.bridge(n.vni());
          if (before.containsKey(br)) {
            assertThat(k.ifindexes().get(br)).as("seed %d step %d %s", seed, step, br).isEqualTo(before.get(br));
          }
        }
      }
    }
  }

  private static DesiredState randomState(Random rnd) {
    List<DesiredNetwork> nets = new ArrayList<>();
    for (int vni : List.of(10, 20, 30)) {
      if (rnd.nextInt(3) == 0) {
        continue;
      }
      List<RemoteEndpoint> remotes = new ArrayList<>();
      for (int i = 2; i < 8; i++) {
        if (rnd.nextBoolean()) {
          remotes.add(remote(i, "10.0.0." + (2 + rnd.nextInt(3))));
        }
      }
      List<Attachment> atts = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        if (rnd.nextBoolean()) {
          atts.add(new Attachment("c" + i, 1000 + i + 10 * rnd.nextInt(2), "10.200.0." + (20 + i), 24, mac(20 + i)));
        }
      }
      nets.add(new DesiredNetwork("n" + vni, vni, "10.200.0.0/24", rnd.nextBoolean() ? 1400 : 1450, remotes, atts));
    }
    return new DesiredState(UNDERLAY, rnd.nextInt(4) == 0 ? 4801 : 4800, nets);
  }

  private static void assertHolds(FakeKernel k, DesiredState d, String at) {
    assertThat(k.netns.keySet()).as(at).containsExactlyInAnyOrderElementsOf(
        d.networks().stream().map(n -> NAMES.netns(n.vni())).toList());
    assertThat(k.host).as(at).isEmpty();
    int expectedContainers = 0;
    for (DesiredNetwork n : d.networks()) {
      Map<String, FakeKernel.Dev> devs = k.netns.get(NAMES.netns(n.vni()));
      FakeKernel.Dev vx = devs.get(Names.vxlan(n.vni()));
      assertThat(vx.vxlan.port()).as(at).isEqualTo(d.vxlanPort());
      assertThat(vx.fdb.keySet()).as(at).containsExactlyInAnyOrderElementsOf(
          n.remotes().stream().map(RemoteEndpoint::mac).toList());
      assertThat(vx.neigh.keySet()).as(at).containsExactlyInAnyOrderElementsOf(
          n.remotes().stream().map(RemoteEndpoint::ip).toList());
      for (Attachment a : n.attachments()) {
        FakeKernel.ContainerIf c = k.containers.get(a.pid() + "/" + Names.containerIf(n.vni()));
        assertThat(c).as(at).isNotNull();
        assertThat(c.addr()).as(at).isEqualTo(a.ip() + "/" + a.prefix());
        assertThat(c.mac()).as(at).isEqualTo(a.mac());
        assertThat(c.mtu()).as(at).isEqualTo(n.mtu());
        assertThat(c.up()).as(at).isTrue();
      }
      expectedContainers += n.attachments().size();
    }
    assertThat(k.containers).as(at).hasSize(expectedContainers);
  }

  @Test
  void anEncryptedNetworksVxlanSendsFromTheTunnelAddressAndMovingItRemakesTheDevice() {
    DesiredNetwork plain = net300(List.of(remote(2, "10.0.0.2")), List.of(att("c1", 1001, 10)));
    DesiredNetwork encrypted = new DesiredNetwork(plain.name(), 300, plain.subnet(), 1390,
        List.of(remote(2, "198.18.0.2")), plain.attachments(), "198.18.0.1");
    FakeKernel k = converged(state(encrypted));
    assertThat(k.netns.get(NS).get("vx300").vxlan.local()).isEqualTo("198.18.0.1");
    assertThat(k.netns.get(NS).get("vx300").fdb).containsEntry(mac(2), "198.18.0.2");

    List<String> toPlain = lines(plan(state(plain), k));
    assertThat(toPlain).contains("[netns " + NS + "] ip link del vx300",
        "[host] ip link add " + WV300 + " mtu 1400 type vxlan id 300 dstport 4800 local 10.0.0.1 nolearning proxy");
    k.apply(plan(state(plain), k));
    assertThat(plan(state(plain), k).ops()).isEmpty();
    assertThat(k.netns.get(NS).get("vx300").vxlan.local()).isEqualTo(UNDERLAY);
  }

  // Docker driver endpoints (issue 14): the veth is made in the host namespace, its bridge side sent into the
  // network's namespace, its other side left for Docker to move into the container at Join.

  static final String EP = "e1d2c3b4a5968778695a4b3c2d1e0f1a2b3c4d5e6f708192a3b4c5d6e7f80912";
  static final String VE_EP = Names.hostVeth(EP);
  static final String WD_EP = Names.dockerPeer(EP);
  static final DesiredState DOCKER = state(net300(List.of(remote(2, "10.0.0.2")), List.of(docker(EP, 10))));

  static Attachment docker(String endpointId, int last) {
    return Attachment.forDocker(endpointId, "10.200.0." + last, 24, mac(last));
  }

  static String dockerVethAdd(int mtu) {
    return "[host] ip link add " + WD_EP + " mtu " + mtu + " address 02:57:0a:c8:00:0a type veth peer name " + VE_EP
        + " mtu " + mtu + " netns weft-h1-300";
  }

  static String dockerAlias(int mtu) {
    return "[netns weft-h1-300] ip link set " + VE_EP + " alias weft,cid=" + EP + ",pid=0,ip=10.200.0.10/24,"
        + "mac=02:57:0a:c8:00:0a,mtu=" + mtu;
  }

  @Test
  void aDockerAttachmentIsMadeInTheHostNamespaceWithItsBridgeSideInTheNetworks() {
    Plan plan = Planner.plan(NAMES, DOCKER, ActualState.EMPTY);
    assertThat(VE_EP).isEqualTo("vee1d2c3b4a596");
    assertThat(WD_EP).isEqualTo("wde1d2c3b4a596");
    assertThat(lines(plan)).containsExactly(
        "[host] ip netns add weft-h1-300",
        "[host] ip link add " + WV300 + " mtu 1400 type vxlan id 300 dstport 4800 local 10.0.0.1 nolearning proxy",
        "[host] ip link set " + WV300 + " netns weft-h1-300 name vx300",
        dockerVethAdd(1400),
        "[netns weft-h1-300] ip link add br300 mtu 1400 type bridge",
        "[netns weft-h1-300] ip link set br300 up",
        "[netns weft-h1-300] ip link set vx300 master br300 mtu 1400 up",
        "[netns weft-h1-300] ip link set vx300 type bridge_slave learning off",
        "[netns weft-h1-300] ip neigh replace 10.200.0.2 lladdr 02:57:0a:c8:00:02 dev vx300 nud permanent",
        "[netns weft-h1-300] ip link set " + VE_EP + " master br300 up",
        dockerAlias(1400),
        "[netns weft-h1-300] bridge fdb replace 02:57:0a:c8:00:02 dev vx300 dst 10.0.0.2 self permanent");
    assertThat(plan.ops()).noneMatch(op -> op.where().kind() == Where.Kind.CONTAINER);
  }

  @Test
  void aConvergedDockerAttachmentWaitsInTheHostNamespaceAndPlansNothingMore() {
    FakeKernel k = converged(DOCKER);
    FakeKernel.Dev ve = k.netns.get(NS).get(VE_EP);
    assertThat(ve.master).isEqualTo("br300");
    assertThat(ve.up).isTrue();
    assertThat(ve.mtu).isEqualTo(1400);
    assertThat(Names.parseAlias(ve.alias)).containsEntry("cid", EP).containsEntry("pid", "0");
    FakeKernel.Dev wd = k.host.get(WD_EP);
    assertThat(wd).as("left for Docker").isNotNull();
    assertThat(wd.address).isEqualTo(mac(10));
    assertThat(wd.mtu).isEqualTo(1400);
    assertThat(k.containers).as("Weft enters no container").isEmpty();

    k.dockerMoves(WD_EP, 4242, "eth1");
    assertThat(plan(DOCKER, k).ops()).as("after Docker moved it in").isEmpty();
    assertThat(k.containers.get("4242/eth1").mac()).isEqualTo(mac(10));
  }

  @Test
  void dockerAndLabelledAttachmentsShareANetwork() {
    DesiredState both = state(net300(List.of(remote(2, "10.0.0.2")), List.of(att("c1", 1001, 11), docker(EP, 10))));
    FakeKernel k = converged(both);
    assertThat(k.netns.get(NS).keySet()).containsExactlyInAnyOrder("br300", "vx300", Names.hostVeth("c1"), VE_EP);
    assertThat(k.containers).containsOnlyKeys("1001/wf300");
    assertThat(k.host).containsOnlyKeys(WD_EP);
  }

  @Test
  void aRemovedDockerAttachmentDeletesItsBridgeSide() {
    FakeKernel k = converged(DOCKER);
    k.dockerMoves(WD_EP, 4242, "eth1");
    DesiredState gone = state(net300(List.of(remote(2, "10.0.0.2")), List.of()));
    Plan plan = plan(gone, k);
    assertThat(lines(plan)).containsExactly("[netns weft-h1-300] ip link del " + VE_EP);
    k.apply(plan);
    assertThat(k.netns.get(NS)).doesNotContainKey(VE_EP);
    assertThat(k.containers).as("the container's end goes with it").isEmpty();
    assertThat(plan(gone, k).ops()).isEmpty();
  }

  @Test
  void aPartialStateRemovesNothingAbsentFromIt() {
    FakeKernel k = converged(DOCKER);
    k.dockerMoves(WD_EP, 4242, "eth1");
    // the agent has not listed Docker yet: it knows neither the container nor its network
    DesiredState partial = new DesiredState(UNDERLAY, 4800, List.of(), null).asPartial();
    assertThat(plan(partial, k).ops()).as("nothing absent from a partial state is removed").isEmpty();
    DesiredState partialWithoutTheAttachment = state(net300(List.of(remote(2, "10.0.0.2")), List.of())).asPartial();
    assertThat(plan(partialWithoutTheAttachment, k).ops()).isEmpty();
    assertThat(k.netns.get(NS)).containsKey(VE_EP);
  }

  @Test
  void aDockerAttachmentRemovedBeforeDockerMovedItLeavesNothingInTheHost() {
    FakeKernel k = converged(DOCKER);
    DesiredState gone = state(net300(List.of(remote(2, "10.0.0.2")), List.of()));
    k.apply(plan(gone, k));
    assertThat(k.host).isEmpty();
    assertThat(plan(gone, k).ops()).isEmpty();
  }

  /**
   * Each row: a change after which a Docker attachment's veth must be remade. Its new pair is made in the host batch,
   * so the old bridge side must be gone before that batch (in the first one), or its name is taken.
   */
  static Stream<Arguments> dockerRemakes() {
    return Stream.of(
        Arguments.of("alias never written (an interrupted attachment)", (Consumer<FakeKernel>) k ->
            k.netns.get(NS).get(VE_EP).alias = null, DOCKER),
        Arguments.of("network MTU changes, Docker had moved it in", (Consumer<FakeKernel>) k ->
            k.dockerMoves(WD_EP, 4242, "eth1"), state(new DesiredNetwork("n300", 300, "10.200.0.0/24", 1390,
            List.of(remote(2, "10.0.0.2")), List.of(docker(EP, 10))))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dockerRemakes")
  void aDockerAttachmentIsRemadeWithItsNamesFreedFirst(String name, Consumer<FakeKernel> change, DesiredState next) {
    FakeKernel k = converged(DOCKER);
    change.accept(k);
    Plan plan = plan(next, k);
    List<String> lines = lines(plan);
    int mtu = next.networks().get(0).mtu();
    assertThat(lines).containsSubsequence("[netns weft-h1-300] ip link del " + VE_EP, dockerVethAdd(mtu),
        "[netns weft-h1-300] ip link set " + VE_EP + " master br300 up", dockerAlias(mtu));
    assertThat(lines).filteredOn(l -> l.contains(VE_EP)).hasSize(4);
    k.apply(plan);
    assertThat(plan(next, k).ops()).isEmpty();
    assertThat(k.netns.get(NS).get(VE_EP).mtu).isEqualTo(mtu);
  }
}
