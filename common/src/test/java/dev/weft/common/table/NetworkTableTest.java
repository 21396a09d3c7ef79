package dev.weft.common.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.common.model.Endpoint;
import dev.weft.common.model.Peer;
import dev.weft.common.wire.ToAgent;
import dev.weft.common.wire.WireCodec;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class NetworkTableTest {
  private static final Peer H1 = new Peer("h1", "192.0.2.1");
  private static final Peer H2 = new Peer("h2", "192.0.2.2");
  private static final Endpoint E1 = new Endpoint("blue", "h1", "10.0.0.2", "02:57:0a:00:00:02", "c1", null);
  private static final Endpoint E2 = new Endpoint("blue", "h2", "10.0.0.66", "02:57:0a:00:00:42", "c2", "web");

  @Test
  void emptyTableIsAtVersionZero() {
    NetworkTable t = NetworkTable.empty("blue", "e1");
    assertThat(t.version()).isZero();
    assertThat(t.peers()).isEmpty();
    assertThat(t.endpoints()).isEmpty();
    assertThat(t.snapshot()).isEqualTo(new ToAgent.TableSnapshot("blue", "e1", 0, List.of(), List.of()));
  }

  @Test
  void nextIsOneVersionOnWithExactlyTheGivenContent() {
    NetworkTable t1 = NetworkTable.empty("blue", "e1").next(List.of(H1, H2), List.of(E1));
    NetworkTable t2 = t1.next(List.of(H2), List.of(E1, E2));
    assertThat(t2.version()).isEqualTo(2);
    assertThat(t2.peers()).containsOnlyKeys("h2");
    assertThat(t2.endpoints()).containsOnlyKeys("10.0.0.2", "10.0.0.66");
    assertThat(t1.peers()).containsOnlyKeys("h1", "h2");
  }

  @Test
  void diffListsAddedChangedAndRemoved() {
    NetworkTable t1 = NetworkTable.empty("blue", "e1").next(List.of(H1, H2), List.of(E1, E2));
    Endpoint moved = new Endpoint("blue", "h1", "10.0.0.66", "02:57:0a:00:00:42", "c3", null);
    Peer h2Moved = new Peer("h2", "192.0.2.22");
    NetworkTable t2 = t1.next(List.of(h2Moved), List.of(moved));
    ToAgent.TableDelta delta = NetworkTable.diff(t1, t2);
    assertThat(delta).isEqualTo(new ToAgent.TableDelta("blue", "e1", 2, List.of(h2Moved), List.of("h1"),
        List.of(moved), List.of("10.0.0.2")));
    assertThat(t1.apply(delta)).isEqualTo(t2);
  }

  @Test
  void anUnchangedTableDiffsToAnEmptyDelta() {
    NetworkTable t1 = NetworkTable.empty("blue", "e1").next(List.of(H1), List.of(E1));
    assertThat(NetworkTable.isEmpty(NetworkTable.diff(t1, t1.nextVersion()))).isTrue();
    assertThat(NetworkTable.isEmpty(NetworkTable.diff(t1, t1.withPeer(H2)))).isFalse();
  }

  @Test
  void withMethodsEditContentAndKeepTheVersion() {
    NetworkTable t = NetworkTable.empty("blue", "e1").withPeer(H1).withEndpoint(E1).withEndpoint(E2);
    assertThat(t.version()).isZero();
    assertThat(t.endpoint("10.0.0.66")).contains(E2);
    assertThat(t.peer("h1")).contains(H1);
    NetworkTable removed = t.withoutEndpoint("10.0.0.66").withoutPeer("h1");
    assertThat(removed.endpoints()).containsOnlyKeys("10.0.0.2");
    assertThat(removed.peers()).isEmpty();
    assertThat(removed.withoutPeer("nobody")).isSameAs(removed);
    assertThat(t.endpoints()).hasSize(2);
  }

  @Test
  void viewsAreReadOnly() {
    NetworkTable t = NetworkTable.empty("blue", "e1").withPeer(H1);
    assertThatThrownBy(() -> t.peers().put("h2", H2)).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> t.endpoints().clear()).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void applyRefusesGapsAndOtherEpochs() {
    NetworkTable t = NetworkTable.empty("blue", "e1").next(List.of(H1), List.of());
    ToAgent.TableDelta skip = new ToAgent.TableDelta("blue", "e1", 3, List.of(H2), null, null, null);
    assertThatThrownBy(() -> t.apply(skip))
        .isInstanceOfSatisfying(VersionGapException.class, e -> {
          assertThat(e.heldVersion()).isEqualTo(1);
          assertThat(e.deltaVersion()).isEqualTo(3);
          assertThat(e.network()).isEqualTo("blue");
        })
        .hasMessage("table blue: delta e1#3 does not follow e1#1 (expected: epoch e1, version 2)");
    ToAgent.TableDelta replay = new ToAgent.TableDelta("blue", "e1", 1, List.of(H2), null, null, null);
    assertThatThrownBy(() -> t.apply(replay)).isInstanceOf(VersionGapException.class);
    ToAgent.TableDelta otherEpoch = new ToAgent.TableDelta("blue", "e2", 2, List.of(H2), null, null, null);
    assertThatThrownBy(() -> t.apply(otherEpoch)).isInstanceOf(VersionGapException.class)
        .hasMessageContaining("delta e2#2");
    ToAgent.TableDelta otherNetwork = new ToAgent.TableDelta("red", "e1", 2, List.of(H2), null, null, null);
    assertThatThrownBy(() -> t.apply(otherNetwork)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void diffRefusesUnrelatedTables() {
    assertThatThrownBy(() -> NetworkTable.diff(NetworkTable.empty("blue", "e1"), NetworkTable.empty("red", "e1")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> NetworkTable.diff(NetworkTable.empty("blue", "e1"), NetworkTable.empty("blue", "e2")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void snapshotRoundTripsThroughTheWire() {
    NetworkTable t = NetworkTable.of("blue", "e1", 41, List.of(H2, H1), List.of(E2, E1));
    WireCodec codec = new WireCodec();
    ToAgent.TableSnapshot decoded = (ToAgent.TableSnapshot) codec.decodeToAgent(codec.encode(t.snapshot()));
    assertThat(NetworkTable.fromSnapshot(decoded)).isEqualTo(t);
    assertThat(t.snapshot().peers()).containsExactly(H1, H2);
  }

  @Test
  void entriesWithoutKeysAreRefused() {
    assertThatThrownBy(() -> NetworkTable.empty("blue", "e1").withPeer(new Peer(null, "192.0.2.9")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> NetworkTable.empty("blue", "e1")
        .withEndpoint(new Endpoint("blue", "h1", null, "02:57:00:00:00:00", "c", null)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  // Small key spaces so that generated tables share, change and drop entries.
  @Provide
  Arbitrary<List<Peer>> peers() {
    return Combinators.combine(Arbitraries.integers().between(1, 8), Arbitraries.integers().between(1, 3))
        .as((h, u) -> new Peer("h" + h, "192.0.2." + u)).list().ofMaxSize(8);
  }

  @Provide
  Arbitrary<List<Endpoint>> endpoints() {
    return Combinators.combine(Arbitraries.integers().between(1, 20), Arbitraries.integers().between(1, 8),
            Arbitraries.of("c1", "c2"))
        .as((ip, h, c) -> new Endpoint("blue", "h" + h, "10.0.0." + ip, "02:57:0a:00:00:" + ip, c, null))
        .list().ofMaxSize(20);
  }

  @Property
  void applyingTheDiffYieldsTheNewerTable(@ForAll("peers") List<Peer> peersA,
                                          @ForAll("endpoints") List<Endpoint> endpointsA,
                                          @ForAll("peers") List<Peer> peersB,
                                          @ForAll("endpoints") List<Endpoint> endpointsB) {
    NetworkTable a = NetworkTable.of("blue", "e1", 7, peersA, endpointsA);
    NetworkTable b = a.next(peersB, endpointsB);
    ToAgent.TableDelta delta = NetworkTable.diff(a, b);
    assertThat(delta.version()).isEqualTo(8);
    NetworkTable applied = a.apply(delta);
    assertThat(applied).isEqualTo(b);
    assertThat(applied.sameContent(b)).isTrue();
    assertThat(NetworkTable.isEmpty(delta)).isEqualTo(a.sameContent(b));
    // the digest kept per change equals the digest of the content built at once, and tells contents apart
    assertThat(applied.digest()).isEqualTo(b.digest());
    assertThat(NetworkTable.of("blue", "other", 1, b.peers().values(), b.endpoints().values()).digest())
        .isEqualTo(b.digest());
    assertThat(a.digest().equals(b.digest())).isEqualTo(a.sameContent(b));
    // the delta only carries what changed
    assertThat(delta.peersAdded()).allSatisfy(p -> assertThat(a.peer(p.host())).isNotEqualTo(java.util.Optional.of(p)));
    assertThat(delta.endpointsRemoved()).allSatisfy(ip -> assertThat(b.endpoints()).doesNotContainKey(ip));
    // and survives the wire
    WireCodec codec = new WireCodec();
    assertThat(a.apply((ToAgent.TableDelta) codec.decodeToAgent(codec.encode(delta)))).isEqualTo(b);
  }

  @Property
  void aChainOfDeltasEqualsTheLastSnapshot(@ForAll("peers") List<Peer> p1, @ForAll("endpoints") List<Endpoint> e1,
                                           @ForAll("peers") List<Peer> p2, @ForAll("endpoints") List<Endpoint> e2,
                                           @ForAll("peers") List<Peer> p3, @ForAll("endpoints") List<Endpoint> e3) {
    NetworkTable v0 = NetworkTable.empty("blue", "e1");
    NetworkTable v1 = v0.next(p1, e1);
    NetworkTable v2 = v1.next(p2, e2);
    NetworkTable v3 = v2.next(p3, e3);
    NetworkTable agent = NetworkTable.fromSnapshot(v0.snapshot())
        .apply(NetworkTable.diff(v0, v1)).apply(NetworkTable.diff(v1, v2)).apply(NetworkTable.diff(v2, v3));
    assertThat(agent).isEqualTo(NetworkTable.fromSnapshot(v3.snapshot()));
    assertThat(agent.digest()).isEqualTo(v3.digest());
    assertThat(agent.relabel("e9", 40).digest()).isEqualTo(v3.digest());
    assertThatThrownBy(() -> v1.apply(NetworkTable.diff(v2, v3))).isInstanceOf(VersionGapException.class);
  }
}
