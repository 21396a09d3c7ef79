package dev.weft.agent.control;

import dev.weft.common.model.Endpoint;
import dev.weft.common.model.HostReport;
import java.util.List;

/**
 * What the agent reports at registration ({@link ControlClient}'s register message); must not block (return cached
 * values).
 */
public interface LocalView {
  HostReport hostReport();

  List<Endpoint> endpoints();
}
