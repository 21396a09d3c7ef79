package dev.weft.agent.host;

import dev.weft.common.model.HostReport;
import java.util.List;

/** What the reconciler asks about its host. One real implementation: {@link HostInventory}. Blocking. */
public interface HostFacts {

  /** @throws IllegalStateException naming what is missing when the underlay cannot be found */
  HostInventory.Underlay underlay();

  /** The host report with {@code errors} appended to the ones found while collecting it. */
  HostReport report(List<String> errors);
}
