package dev.weft.common.sync;

import dev.weft.common.model.Network;
import dev.weft.common.wire.ToAgent;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The agent's side of the table protocol (coordinator/PROTOCOL.md, Tables) without the connection: feeds the
 * catalog, snapshots, resumes and deltas of one session into a {@link TableBook} and says what changed and which
 * snapshots to ask for. Pure; as thread-safe as the book (the client calls it from one event loop).
 */
public final class TableSync {

  /** What one message did. */
  public enum Kind { SNAPSHOT, RESUME, DELTA, OTHER }

  /**
   * @param kind     which table message it was; {@link Kind#OTHER} for any other message (nothing was done)
   * @param changed  the network whose table changed, or null
   * @param resync   networks to send a {@code snapshot-request} for now; empty when none
   * @param resumed  for a resume, how many tables it named; 0 otherwise
   */
  public record Reaction(Kind kind, String changed, List<String> resync, int resumed) {
    static final Reaction NONE = new Reaction(Kind.OTHER, null, List.of(), 0);

    public Reaction {
      resync = List.copyOf(resync);
    }
  }

  private final TableBook book;

  public TableSync(TableBook book) {
    this.book = book;
  }

  public TableBook book() {
    return book;
  }

  /** A new session: a snapshot asked for on the old one may never come. Returns the digests to register with. */
  public java.util.Map<String, String> sessionStarted() {
    book.onReconnect();
    return book.digests();
  }

  /** The network catalog: tables of networks no longer in it are dropped. */
  public void catalog(List<Network> networks) {
    Set<String> names = networks.stream().map(Network::name).collect(Collectors.toSet());
    book.retain(names);
  }

  /** Applies a table message; any other message is {@link Kind#OTHER} and changes nothing. */
  public Reaction receive(ToAgent message) {
    if (message instanceof ToAgent.TableSnapshot s) {
      book.onSnapshot(s);
      return new Reaction(Kind.SNAPSHOT, s.network(), List.of(), 0);
    }
    if (message instanceof ToAgent.Resume r) {
      return new Reaction(Kind.RESUME, null, book.onResume(r), r.tables().size());
    }
    if (message instanceof ToAgent.TableDelta d) {
      return switch (book.onDelta(d)) {
        case APPLIED -> new Reaction(Kind.DELTA, d.network(), List.of(), 0);
        case GAP -> new Reaction(Kind.DELTA, null, List.of(d.network()), 0);
        case STALE, AWAITING_SNAPSHOT -> new Reaction(Kind.DELTA, null, List.of(), 0);
      };
    }
    return Reaction.NONE;
  }
}
