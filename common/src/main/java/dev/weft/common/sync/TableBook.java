package dev.weft.common.sync;

import dev.weft.common.table.NetworkTable;
import dev.weft.common.table.VersionGapException;
import dev.weft.common.wire.ToAgent;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The peer and endpoint tables this host holds, one {@link NetworkTable} per network, fed by snapshots and deltas.
 * A delta that does not follow the held table is a gap: the caller asks for a snapshot once, and the old table stays
 * in use until the snapshot comes, so the kernel keeps forwarding meanwhile. Thread-safe; every method is short and
 * non-blocking (it runs on the control client's event loop). Pure, no I/O: the agent, the scale simulator and tests
 * share it.
 */
public final class TableBook {

  /** What a delta did. */
  public enum Outcome {
    /** The table moved to the delta's version. */
    APPLIED,
    /** A duplicate or old delta (version not above the held one, same epoch); nothing changed. */
    STALE,
    /** The delta does not follow: ask for a snapshot of the network now. */
    GAP,
    /** A gap while a snapshot is already asked for; nothing to do. */
    AWAITING_SNAPSHOT
  }

  private final Map<String, NetworkTable> tables = new TreeMap<>();
  private final Set<String> awaitingSnapshot = new HashSet<>();
  private final TableStep step;

  /** A book holding the given snapshots (from the state directory), computing its tables with {@code step}. */
  public TableBook(List<ToAgent.TableSnapshot> snapshots, TableStep step) {
    this.step = step;
    for (ToAgent.TableSnapshot s : snapshots) {
      tables.put(s.network(), step.fromSnapshot(s));
    }
  }

  /** A book holding the given snapshots (from the state directory). */
  public TableBook(List<ToAgent.TableSnapshot> snapshots) {
    this(snapshots, TableStep.DIRECT);
  }

  public TableBook() {
    this(List.of());
  }

  /** Replaces the table of the snapshot's network. */
  public synchronized void onSnapshot(ToAgent.TableSnapshot snapshot) {
    tables.put(snapshot.network(), step.fromSnapshot(snapshot));
    awaitingSnapshot.remove(snapshot.network());
  }

  /**
   * The coordinator found these tables current: each held table whose digest is still the named one takes the
   * coordinator's epoch and version. Returns the networks that did not match (changed meanwhile, or not held): ask
   * for their snapshots.
   */
  public synchronized List<String> onResume(ToAgent.Resume resume) {
    List<String> mismatched = new ArrayList<>();
    for (ToAgent.ResumedTable t : resume.tables()) {
      NetworkTable held = tables.get(t.network());
      if (held != null && held.digest().toString().equals(t.digest())) {
        tables.put(t.network(), held.relabel(resume.epoch(), t.version()));
        awaitingSnapshot.remove(t.network());
      } else if (awaitingSnapshot.add(t.network())) {
        mismatched.add(t.network());
      }
    }
    return mismatched;
  }

  public synchronized Outcome onDelta(ToAgent.TableDelta delta) {
    NetworkTable held = tables.get(delta.network());
    if (held != null && held.epoch().equals(delta.epoch()) && delta.version() <= held.version()) {
      return Outcome.STALE;
    }
    if (held != null) {
      try {
        tables.put(delta.network(), step.apply(held, delta));
        awaitingSnapshot.remove(delta.network());
        return Outcome.APPLIED;
      } catch (VersionGapException e) {
        // fall through: a gap
      }
    }
    return awaitingSnapshot.add(delta.network()) ? Outcome.GAP : Outcome.AWAITING_SNAPSHOT;
  }

  /** A new connection: snapshots asked for on the old one may never come, so a gap may ask again. */
  public synchronized void onReconnect() {
    awaitingSnapshot.clear();
  }

  /** Drops tables of networks not in {@code keep} (deleted networks). Returns whether anything was dropped. */
  public synchronized boolean retain(Set<String> keep) {
    awaitingSnapshot.retainAll(keep);
    return tables.keySet().retainAll(keep);
  }

  /** Network to the digest of the table held (what a register resumes from). */
  public synchronized Map<String, String> digests() {
    Map<String, String> out = new TreeMap<>();
    tables.forEach((n, t) -> out.put(n, t.digest().toString()));
    return out;
  }

  /** The table held for {@code network}; null when none is. */
  public synchronized NetworkTable table(String network) {
    return tables.get(network);
  }

  /** The tables held, by network; an immutable copy (tables are immutable values). */
  public synchronized Map<String, NetworkTable> tables() {
    return Map.copyOf(tables);
  }

  public synchronized List<ToAgent.TableSnapshot> snapshots() {
    List<ToAgent.TableSnapshot> out = new ArrayList<>();
    tables.values().forEach(t -> out.add(t.snapshot()));
    return out;
  }
}
