package dev.weft.coordinator.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.common.model.Endpoint;
import dev.weft.common.model.HostReport;
import dev.weft.common.model.HostStatus;
import dev.weft.common.model.Network;
import dev.weft.common.model.Peer;
import dev.weft.common.table.NetworkTable;
import dev.weft.common.wire.ToAgent;
import dev.weft.common.wire.WireCodec;
import dev.weft.coordinator.metrics.Counters;
import dev.weft.coordinator.block.Block;
import dev.weft.coordinator.block.BlockSet;
import dev.weft.coordinator.host.HostRecord;
import dev.weft.coordinator.network.NetworkCatalog;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Distribution over honest fake links: who gets what, and that one change is encoded once. */
class TableDistributorTest {
  final WireCodec codec = new WireCodec();
  final Counters counters = new Counters();
  TableDistributor distributor;

  static final Network BLUE = new Network("blue", "10.1.0.0/24", 300, 0, false, Map.of(), 26, "t");
  static final Network RED = new Network("red", "10.2.0.0/24", 301, 0, false, Map.of(), 26, "t");

  /** Records what it is sent, keeping the very String objects. */
  static final class RecordingLink implements AgentLink {
    final String host;
    final List<String> sent = Collections.synchronizedList(new ArrayList<>());
    volatile boolean closed;

    RecordingLink(String host) {
      this.host = host;
    }

    @Override
    public String hostId() {
      return host;
    }

    @Override
    public void send(String text) {
      sent.add(text);
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  static HostRecord host(String id, String underlay, HostStatus status) {
    return new HostRecord(new HostReport(id, id, underlay, null, null, null, null, null, null), status, "t", null);
  }

  static BlockSet blocks(String... ownerCidr) {
    List<Block> list = new ArrayList<>();
    for (int i = 0; i < ownerCidr.length; i += 2) {
      list.add(new Block(ownerCidr[i + 1], ownerCidr[i], "t"));
    }
    return new BlockSet(list);
  }

  @BeforeEach
  void start() throws Exception {
    distributor = new TableDistributor("epoch-1", 5, codec, counters);
    distributor.resync(() -> new TableDistributor.Stored(new NetworkCatalog(List.of(BLUE, RED)),
        List.of(host("a", "192.0.2.1", HostStatus.UP), host("b", "192.0.2.2", HostStatus.UP),
            host("c", "192.0.2.3", HostStatus.UP)),
        Map.of("blue", blocks("a", "10.1.0.0/26", "b", "10.1.0.64/26"), "red", blocks("c", "10.2.0.0/26")),
        List.of())).get();
  }

  @AfterEach
  void stop() {
    distributor.close();
  }

  List<ToAgent> received(RecordingLink link) throws Exception {
    distributor.barrier().get();
    synchronized (link.sent) {
      return link.sent.stream().map(codec::decodeToAgent).toList();
    }
  }

  void settle() throws Exception {
    distributor.barrier().get();
  }

  @Test
  void attachSendsWelcomeCatalogAndSnapshotsOfTheHostsNetworksOnly() throws Exception {
    RecordingLink a = new RecordingLink("a");
    distributor.attach(a, Map.of(), List.of());
    List<ToAgent> got = received(a);
    assertThat(got).hasSize(4);
    assertThat(got.get(0)).isEqualTo(new ToAgent.Welcome("a", 5, "epoch-1"));
    assertThat(((ToAgent.Networks) got.get(1)).networks()).containsExactly(BLUE, RED);
    assertThat(got.get(2)).isEqualTo(new ToAgent.Services(List.of()));
    ToAgent.TableSnapshot snapshot = (ToAgent.TableSnapshot) got.get(3);
    assertThat(snapshot.network()).isEqualTo("blue");
    assertThat(snapshot.peers()).containsExactlyInAnyOrder(new Peer("a", "192.0.2.1"), new Peer("b", "192.0.2.2"));
  }

  @Test
  void oneChangeIsEncodedOnceAndSentOnlyToThatNetworksHosts() throws Exception {
    RecordingLink a = new RecordingLink("a");
    RecordingLink b = new RecordingLink("b");
    RecordingLink c = new RecordingLink("c");
    for (RecordingLink link : List.of(a, b, c)) {
      distributor.attach(link, Map.of(), List.of());
    }
    settle();
    int aBefore = a.sent.size();
    int bBefore = b.sent.size();
    int cBefore = c.sent.size();

    Endpoint web = new Endpoint("blue", "b", "10.1.0.66", "02:57:0a:01:00:42", "c1", null);
    distributor.executor().execute(() -> distributor.endpointChanged("blue/10.1.0.66", null, web));
    settle();

    assertThat(a.sent).hasSize(aBefore + 1);
    assertThat(b.sent).hasSize(bBefore + 1);
    assertThat(c.sent).as("c takes no part in blue").hasSize(cBefore);
    assertThat(a.sent.get(aBefore)).isSameAs(b.sent.get(bBefore));
    ToAgent.TableDelta delta = (ToAgent.TableDelta) codec.decodeToAgent(a.sent.get(aBefore));
    assertThat(delta.endpointsAdded()).containsExactly(web);
  }

  /** The store events need no particular thread: from several at once, every change arrives exactly once. */
  @Test
  void changesCalledFromAnyThreadAreEachPublishedOnce() throws Exception {
    RecordingLink a = new RecordingLink("a");
    distributor.attach(a, Map.of(), List.of());
    settle();
    int before = a.sent.size();
    List<Thread> callers = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      int first = 70 + t * 10;
      callers.add(new Thread(() -> {
        for (int i = first; i < first + 10; i++) {
          Endpoint e = new Endpoint("blue", "b", "10.1.0." + i, "02:57:0a:01:00:" + Integer.toHexString(i), "c" + i,
              null);
          distributor.endpointChanged("blue/" + e.ip(), null, e);
        }
      }));
    }
    callers.forEach(Thread::start);
    for (Thread caller : callers) {
      caller.join();
    }
    List<ToAgent> got = received(a);
    List<String> added = new ArrayList<>();
    for (ToAgent message : got.subList(before, got.size())) {
      ((ToAgent.TableDelta) message).endpointsAdded().forEach(e -> added.add(e.ip()));
    }
    assertThat(added).hasSize(40).doesNotHaveDuplicates();
    assertThat(distributor.gauges().get().endpoints()).isEqualTo(40);
  }

  @Test
  void aHostGoingDownLeavesPeersAndEndpointsAndANewParticipantGetsASnapshot() throws Exception {
    RecordingLink a = new RecordingLink("a");
    distributor.attach(a, Map.of(), List.of());
    Endpoint web = new Endpoint("blue", "b", "10.1.0.66", "02:57:0a:01:00:42", "c1", null);
    distributor.executor().execute(() -> distributor.endpointChanged("k", null, web));
    distributor.executor().execute(() -> distributor.hostChanged("b", host("b", "192.0.2.2", HostStatus.UP),
        host("b", "192.0.2.2", HostStatus.DOWN)));
    List<ToAgent> got = received(a);
    ToAgent.TableDelta down = (ToAgent.TableDelta) got.get(got.size() - 1);
    assertThat(down.peersRemoved()).containsExactly("b");
    assertThat(down.endpointsRemoved()).containsExactly("10.1.0.66");

    RecordingLink c = new RecordingLink("c");
    distributor.attach(c, Map.of(), List.of());
    settle();
    int before = c.sent.size();
    distributor.executor().execute(() -> distributor.blocksChanged("blue",
        blocks("a", "10.1.0.0/26", "b", "10.1.0.64/26"),
        blocks("a", "10.1.0.0/26", "b", "10.1.0.64/26", "c", "10.1.0.128/26")));
    List<ToAgent> toC = received(c).subList(before, c.sent.size());
    assertThat(toC).hasSize(1);
    assertThat(toC.get(0)).isInstanceOf(ToAgent.TableSnapshot.class);
  }

  @Test
  void anAgentHoldingTheCurrentContentGetsAResumeNotASnapshotAndDeletionSendsTheCatalog() throws Exception {
    RecordingLink a = new RecordingLink("a");
    distributor.attach(a, Map.of(), List.of());
    ToAgent.TableSnapshot snapshot = (ToAgent.TableSnapshot) received(a).get(3);
    RecordingLink again = new RecordingLink("a");
    String digest = NetworkTable.fromSnapshot(snapshot).digest().toString();
    distributor.attach(again, Map.of("blue", digest), List.of());
    assertThat(received(again)).hasSize(4);
    assertThat(received(again).get(3))
        .isEqualTo(new ToAgent.Resume("epoch-1", List.of(new ToAgent.ResumedTable("blue", snapshot.version(), digest))));
    assertThat(a.closed).as("the older link is closed").isTrue();

    distributor.executor().execute(() -> distributor.catalogChanged("catalog",
        new NetworkCatalog(List.of(BLUE, RED)), new NetworkCatalog(List.of(RED))));
    List<ToAgent> got = received(again);
    assertThat(((ToAgent.Networks) got.get(got.size() - 1)).networks()).containsExactly(RED);
    assertThat(distributor.gauges().get().tableVersions()).containsOnlyKeys("red");
  }

  /**
   * Start (issue 4): the store's listeners are registered before the load, so events can arrive first. What the
   * load reads replaces them, and an event after it that repeats what was read changes nothing an agent holds.
   */
  @Test
  void eventsBeforeTheStartLoadAreSupersededAndARepeatAfterItChangesNothing() throws Exception {
    TableDistributor fresh = new TableDistributor("epoch-2", 5, codec, counters);
    try {
      Endpoint web = new Endpoint("blue", "b", "10.1.0.66", "02:57:0a:01:00:42", "c1", null);
      Endpoint gone = new Endpoint("blue", "a", "10.1.0.2", "02:57:0a:01:00:02", "c0", null);
      TableDistributor.Stored stored = new TableDistributor.Stored(new NetworkCatalog(List.of(BLUE)),
          List.of(host("a", "192.0.2.1", HostStatus.UP), host("b", "192.0.2.2", HostStatus.UP)),
          Map.of("blue", blocks("a", "10.1.0.0/26", "b", "10.1.0.64/26")), List.of(web));
      // delivered while the member starts: the catalog, then an endpoint removed before the load read the store
      fresh.executor().execute(() -> fresh.catalogChanged("catalog", null, new NetworkCatalog(List.of(BLUE))));
      fresh.executor().execute(() -> fresh.endpointChanged("blue/10.1.0.2", null, gone));
      fresh.resync(() -> stored).get();
      fresh.executor().execute(() -> fresh.endpointChanged("blue/10.1.0.66", null, web));
      fresh.barrier().get();

      RecordingLink a = new RecordingLink("a");
      fresh.attach(a, Map.of(), List.of());
      fresh.barrier().get();
      ToAgent.TableSnapshot snapshot = (ToAgent.TableSnapshot) codec.decodeToAgent(a.sent.get(3));
      assertThat(snapshot.endpoints()).containsExactly(web);
      int sent = a.sent.size();
      fresh.executor().execute(() -> fresh.endpointChanged("blue/10.1.0.66", web, web));
      fresh.barrier().get();
      assertThat(a.sent).as("a repeated change sends nothing").hasSize(sent);
    } finally {
      fresh.close();
    }
  }
}
