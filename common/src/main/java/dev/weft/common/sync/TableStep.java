package dev.weft.common.sync;

import dev.weft.common.table.NetworkTable;
import dev.weft.common.table.VersionGapException;
import dev.weft.common.wire.ToAgent;

/**
 * How a {@link TableBook} turns messages into tables. One real implementation, {@link #DIRECT}; a simulator running
 * many agents in one process may share the (immutable) results between them instead of computing each again.
 */
public interface TableStep {

  /** Parses nothing, shares nothing: {@link NetworkTable#fromSnapshot} and {@link NetworkTable#apply}. */
  TableStep DIRECT = new TableStep() {
    @Override
    public NetworkTable fromSnapshot(ToAgent.TableSnapshot snapshot) {
      return NetworkTable.fromSnapshot(snapshot);
    }

    @Override
    public NetworkTable apply(NetworkTable held, ToAgent.TableDelta delta) {
      return held.apply(delta);
    }
  };

  /** The table {@code snapshot} describes; never null. */
  NetworkTable fromSnapshot(ToAgent.TableSnapshot snapshot);

  /**
   * {@code held} with {@code delta} applied; never null.
   *
   * @throws VersionGapException when the delta does not follow {@code held}
   */
  NetworkTable apply(NetworkTable held, ToAgent.TableDelta delta);
}
