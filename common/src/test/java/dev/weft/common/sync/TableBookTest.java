package dev.weft.common.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.common.model.Endpoint;
import dev.weft.common.model.Peer;
import dev.weft.common.wire.ToAgent;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TableBookTest {
  static final Peer P2 = new Peer("h2", "10.77.0.2");
  static final Endpoint E2 = new Endpoint("red", "h2", "100.64.0.65", "02:57:64:40:00:41", "c2", null);
  static final Endpoint E3 = new Endpoint("red", "h3", "100.64.0.129", "02:57:64:40:00:81", "c3", null);

  static ToAgent.TableSnapshot snapshot(String epoch, long version) {
    return new ToAgent.TableSnapshot("red", epoch, version, List.of(P2), List.of(E2));
  }

  static ToAgent.TableDelta delta(String epoch, long version, Endpoint added) {
    return new ToAgent.TableDelta("red", epoch, version, List.of(), List.of(), List.of(added), List.of());
  }

  @Test
  void deltasFollowSnapshot() {
    TableBook book = new TableBook();
    book.onSnapshot(snapshot("e1", 4));
    assertThat(book.onDelta(delta("e1", 5, E3))).isEqualTo(TableBook.Outcome.APPLIED);
    assertThat(book.tables().get("red").endpoints()).containsKeys("100.64.0.65", "100.64.0.129");
    assertThat(book.tables().get("red").version()).isEqualTo(5L);
    assertThat(book.onDelta(delta("e1", 5, E3))).isEqualTo(TableBook.Outcome.STALE);
  }

  @Test
  void gapAsksOnceAndKeepsOldTableUntilSnapshot() {
    TableBook book = new TableBook();
    book.onSnapshot(snapshot("e1", 4));
    assertThat(book.onDelta(delta("e1", 7, E3))).isEqualTo(TableBook.Outcome.GAP);
    assertThat(book.onDelta(delta("e1", 8, E3))).isEqualTo(TableBook.Outcome.AWAITING_SNAPSHOT);
    assertThat(book.tables().get("red").version()).isEqualTo(4);
    assertThat(book.tables().get("red").endpoints()).containsOnlyKeys("100.64.0.65");
    book.onSnapshot(snapshot("e1", 8));
    assertThat(book.onDelta(delta("e1", 9, E3))).isEqualTo(TableBook.Outcome.APPLIED);
  }

  @Test
  void otherEpochOrUnknownNetworkIsAGap() {
    TableBook book = new TableBook();
    assertThat(book.onDelta(delta("e1", 1, E3))).isEqualTo(TableBook.Outcome.GAP);
    book.onSnapshot(snapshot("e1", 4));
    assertThat(book.onDelta(delta("e2", 1, E3))).isEqualTo(TableBook.Outcome.GAP);
    book.onReconnect();
    assertThat(book.onDelta(delta("e2", 2, E3))).isEqualTo(TableBook.Outcome.GAP);
  }

  @Test
  void restoredBookResumesAndRetainDropsDeletedNetworks() {
    TableBook book = new TableBook(List.of(snapshot("e1", 3)));
    assertThat(book.digests()).containsOnlyKeys("red");
    assertThat(book.onDelta(delta("e1", 4, E3))).isEqualTo(TableBook.Outcome.APPLIED);
    assertThat(book.retain(Set.of("blue"))).isTrue();
    assertThat(book.tables()).isEmpty();
  }

  @Test
  void resumeRenumbersTablesWithTheSameDigestAndAsksForTheOthers() {
    TableBook book = new TableBook(List.of(snapshot("e1", 3)));
    String digest = book.digests().get("red");
    assertThat(book.onResume(new ToAgent.Resume("e2", List.of(new ToAgent.ResumedTable("red", 17, digest)))))
        .isEmpty();
    assertThat(book.tables().get("red").epoch()).isEqualTo("e2");
    assertThat(book.tables().get("red").version()).isEqualTo(17);
    assertThat(book.digests()).containsEntry("red", digest);
    assertThat(book.onDelta(delta("e2", 18, E3))).isEqualTo(TableBook.Outcome.APPLIED);

    assertThat(book.onResume(new ToAgent.Resume("e3", List.of(new ToAgent.ResumedTable("red", 5, digest),
        new ToAgent.ResumedTable("blue", 1, digest))))).as("content changed since; blue not held")
        .containsExactly("red", "blue");
    assertThat(book.tables().get("red").epoch()).as("the mismatched table stays until its snapshot").isEqualTo("e2");
  }
}
