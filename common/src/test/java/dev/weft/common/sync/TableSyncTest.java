package dev.weft.common.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.common.model.Endpoint;
import dev.weft.common.model.Network;
import dev.weft.common.model.Peer;
import dev.weft.common.wire.ToAgent;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TableSyncTest {
  static final Peer P2 = new Peer("h2", "10.77.0.2");
  static final Endpoint E2 = new Endpoint("red", "h2", "100.64.0.65", "02:57:64:40:00:41", "c2", null);
  static final Endpoint E3 = new Endpoint("red", "h3", "100.64.0.129", "02:57:64:40:00:81", "c3", null);
  static final Network RED = new Network("red", "100.64.0.0/24", 300, 0, false, Map.of(), 26, "t");

  static ToAgent.TableDelta delta(String epoch, long version) {
    return new ToAgent.TableDelta("red", epoch, version, List.of(), List.of(), List.of(E3), List.of());
  }

  final TableBook book = new TableBook();
  final TableSync sync = new TableSync(book);

  @Test
  void snapshotsAndFollowingDeltasChangeTheTable() {
    assertThat(sync.receive(new ToAgent.TableSnapshot("red", "e1", 4, List.of(P2), List.of(E2))))
        .isEqualTo(new TableSync.Reaction(TableSync.Kind.SNAPSHOT, "red", List.of(), 0));
    assertThat(sync.receive(delta("e1", 5)))
        .isEqualTo(new TableSync.Reaction(TableSync.Kind.DELTA, "red", List.of(), 0));
    assertThat(book.table("red").version()).isEqualTo(5L);
    // a duplicate changes nothing and asks for nothing
    assertThat(sync.receive(delta("e1", 5)))
        .isEqualTo(new TableSync.Reaction(TableSync.Kind.DELTA, null, List.of(), 0));
  }

  @Test
  void aGapAsksForOneSnapshotUntilANewSession() {
    sync.receive(new ToAgent.TableSnapshot("red", "e1", 4, List.of(P2), List.of(E2)));
    assertThat(sync.receive(delta("e1", 7)).resync()).containsExactly("red");
    assertThat(sync.receive(delta("e1", 8)).resync()).isEmpty();
    assertThat(book.table("red").version()).isEqualTo(4L); // the old table stays in use
    assertThat(sync.sessionStarted()).containsOnlyKeys("red");
    assertThat(sync.receive(delta("e1", 9)).resync()).containsExactly("red");
  }

  @Test
  void aResumeKeepsMatchingTablesAndAsksForTheOthers() {
    sync.receive(new ToAgent.TableSnapshot("red", "e1", 4, List.of(P2), List.of(E2)));
    String digest = sync.sessionStarted().get("red");
    TableSync.Reaction reaction = sync.receive(new ToAgent.Resume("e2", List.of(
        new ToAgent.ResumedTable("red", 40, digest), new ToAgent.ResumedTable("blue", 3, "0".repeat(32)))));
    assertThat(reaction).isEqualTo(new TableSync.Reaction(TableSync.Kind.RESUME, null, List.of("blue"), 2));
    assertThat(book.table("red").epoch()).isEqualTo("e2");
    assertThat(book.table("red").version()).isEqualTo(40L);
  }

  @Test
  void theCatalogDropsTablesOfDeletedNetworksAndOtherMessagesAreNotTables() {
    sync.receive(new ToAgent.TableSnapshot("red", "e1", 4, List.of(P2), List.of(E2)));
    sync.receive(new ToAgent.TableSnapshot("blue", "e1", 1, List.of(), List.of()));
    sync.catalog(List.of(RED));
    assertThat(book.tables()).containsOnlyKeys("red");
    assertThat(sync.receive(new ToAgent.Welcome("h1", 5, "e1")).kind()).isEqualTo(TableSync.Kind.OTHER);
  }
}
