package dev.weft.agent.reconcile;

import dev.weft.agent.ipam.LocalIpam;
import dev.weft.agent.plugin.DriverEndpoints;
import dev.weft.agent.reconcile.DesiredStateBuilder.LocalAttachment;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** The endpoints of Weft's Docker driver (issue 14) as the desired state takes them. */
final class DriverAttachments {
  private DriverAttachments() {
  }

  /** The joined endpoints, with the addresses {@link LocalIpam} holds for them. */
  static List<LocalAttachment> joined(DriverEndpoints.Snapshot byDocker, LocalIpam ipam) {
    List<LocalAttachment> out = new ArrayList<>();
    byDocker.endpoints().forEach((id, e) -> {
      if (e.joined()) {
        ipam.endpoint(e.network(), id).ifPresent(ep -> out.add(new LocalAttachment(ep, 0, true)));
      }
    });
    return out;
  }

  /** Networks where the driver made an endpoint: their devices are made before any container joins. */
  static Set<String> prepared(DriverEndpoints.Snapshot byDocker) {
    Set<String> out = new TreeSet<>();
    byDocker.endpoints().values().forEach(e -> out.add(e.network()));
    return out;
  }
}
