package dev.weft.agent.state;

import dev.weft.common.sync.TableBook;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Writes the tables when they changed, at most every {@link #INTERVAL_MS}: a busy network changes them many times a
 * second, and a restarted agent only needs them close enough to forward until the coordinator's snapshots arrive.
 * Runs on, and schedules on, the reconciler's executor.
 */
public final class TableSaver {
  public static final long INTERVAL_MS = 1000;

  private final StateFiles files;
  private final TableBook book;
  private final ScheduledExecutorService executor;
  private final Clock clock;
  /** The digests of the tables last written. */
  private Map<String, String> savedDigests;
  /** When the tables were last written; null before the first write. */
  private Instant lastSave;
  private boolean saveScheduled;

  public TableSaver(StateFiles files, TableBook book, ScheduledExecutorService executor, Clock clock) {
    this.files = files;
    this.book = book;
    this.executor = executor;
    this.clock = clock;
  }

  /** Writes the tables if they changed and the last write is long enough ago; else schedules a write. */
  public void save() {
    Map<String, String> digests = book.digests();
    if (digests.equals(savedDigests)) {
      return;
    }
    Instant now = clock.instant();
    if (lastSave != null && now.isBefore(lastSave.plusMillis(INTERVAL_MS))) {
      if (!saveScheduled) {
        saveScheduled = true;
        executor.schedule(() -> {
          saveScheduled = false;
          save();
        }, INTERVAL_MS, TimeUnit.MILLISECONDS);
      }
      return;
    }
    files.saveTables(book.snapshots());
    lastSave = now;
    savedDigests = digests;
  }

  /** Writes the tables now if they changed, whenever the last write was (a graceful stop). */
  public void saveNow() {
    lastSave = null;
    save();
  }
}
