package dev.weft.coordinator.host;

import dev.weft.common.model.Host;
import dev.weft.common.model.HostReport;
import dev.weft.common.model.HostStatus;
import dev.weft.common.model.HostWireGuard;
import java.util.ArrayList;
import java.util.List;

/**
 * A host as stored: the agent's last report, whether it is heard from, and problems the coordinator saw for it
 * (block exhaustion), which the API shows next to the agent's own.
 *
 * @param lastSeen          ISO-8601 instant of the last registration, update or status change
 * @param coordinatorErrors never null
 */
public record HostRecord(HostReport report, HostStatus status, String lastSeen, List<String> coordinatorErrors) {
  public HostRecord {
    coordinatorErrors = coordinatorErrors == null ? List.of() : List.copyOf(coordinatorErrors);
  }

  public String id() {
    return report.hostId();
  }

  /**
   * The API's view; {@code lastSeen} overrides the stored one when the caller knows a later one, {@code tunnelAddress}
   * is the one the coordinator assigned this host (or null).
   */
  public Host toHost(String lastSeen, String tunnelAddress) {
    List<String> errors = new ArrayList<>(report.errors());
    errors.addAll(coordinatorErrors);
    return new Host(report.hostId(), status, report.hostname(), report.underlayAddress(), report.interfaces(),
        report.dockerVersion(), report.swarmNodeId(), report.swarmRole(), report.agentVersion(),
        lastSeen == null ? this.lastSeen : lastSeen, errors, HostWireGuard.of(report, tunnelAddress));
  }
}
