package dev.weft.agent.reconcile;

import dev.weft.agent.docker.ContainerNetworks;
import dev.weft.agent.docker.ContainerSource.LocalContainer;
import dev.weft.common.model.Network;
import dev.weft.common.wire.ToAgent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which containers want which networks ({@link ContainerNetworks#plan}), and the problems with their labels, each
 * logged once while it lasts. Reconciler thread only.
 */
final class LabelPlanning {
  private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);

  /** The plan and the problems to report: label errors, then encrypted networks waiting for a tunnel address. */
  record Result(ContainerNetworks.Plan plan, List<String> errors) {
  }

  private final LogOnce labelErrors = new LogOnce();

  /**
   * @param wireGuard whether this host has WireGuard (issue 6)
   * @param keys      the key table, or null before the first
   */
  Result plan(List<LocalContainer> containers, Map<String, Network> catalog, Map<String, Set<String>> serviceRules,
              boolean wireGuard, ToAgent.Keys keys) {
    ContainerNetworks.Plan plan = ContainerNetworks.plan(containers, catalog, serviceRules, wireGuard);
    List<String> errors = new ArrayList<>(plan.errors());
    if (wireGuard && (keys == null || keys.tunnelAddress() == null)) {
      errors.addAll(waitingForTunnel(plan, catalog));
    }
    for (String e : errors) {
      if (labelErrors.changed(e, e)) {
        LOG.error("{}; the container keeps running without it", e);
      }
    }
    labelErrors.retainOnly(errors);
    return new Result(plan, errors);
  }

  /** Encrypted networks wanted here while the coordinator has not given this host a tunnel address (yet). */
  private static List<String> waitingForTunnel(ContainerNetworks.Plan plan, Map<String, Network> catalog) {
    Set<String> waiting = new TreeSet<>();
    plan.wanted().values().forEach(nets -> nets.stream()
        .filter(n -> catalog.containsKey(n) && catalog.get(n).encrypted()).forEach(waiting::add));
    return waiting.stream().map(n -> "encrypted network '" + n + "': not attached yet, waiting for this host's "
        + "tunnel address and key table from the coordinator").toList();
  }
}
