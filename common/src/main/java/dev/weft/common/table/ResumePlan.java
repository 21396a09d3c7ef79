package dev.weft.common.table;

import dev.weft.common.wire.ToAgent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Which of a reconnecting agent's networks it may resume and which need a snapshot: an agent that already holds a
 * table with the current content (same digest, whatever its epoch and version) resumes it; any other gets a snapshot.
 * After a failover or a coordinator restart the content is usually unchanged, so no snapshot storm. Pure.
 *
 * @param resumed the tables the agent holds already, under this side's epoch and version
 * @param stale   the networks whose snapshot it needs, in the order given
 */
public record ResumePlan(List<ToAgent.ResumedTable> resumed, List<String> stale) {
  public ResumePlan {
    resumed = List.copyOf(resumed);
    stale = List.copyOf(stale);
  }

  /**
   * @param tables  the current table of each network the agent's host takes part in
   * @param digests network to the digest of the table the agent holds; a network absent means it holds none
   */
  public static ResumePlan of(Collection<NetworkTable> tables, Map<String, String> digests) {
    List<ToAgent.ResumedTable> resumed = new ArrayList<>();
    List<String> stale = new ArrayList<>();
    for (NetworkTable table : tables) {
      String digest = table.digest().toString();
      if (digest.equals(digests.get(table.network()))) {
        resumed.add(new ToAgent.ResumedTable(table.network(), table.version(), digest));
      } else {
        stale.add(table.network());
      }
    }
    return new ResumePlan(resumed, stale);
  }
}
