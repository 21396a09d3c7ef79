package dev.weft.agent.reconcile;

import dev.weft.agent.control.CoordinatorLink;
import dev.weft.agent.host.HostFacts;
import dev.weft.agent.host.HostInventory;
import dev.weft.agent.wireguard.WireGuardIdentity;
import dev.weft.common.model.HostReport;
import dev.weft.common.wire.ToCoordinator;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This host as the coordinator sees it: the underlay and inventory (refreshed on each full reconcile), this host's
 * WireGuard, and the problems of the last pass; sent when it changed. The Docker thread refreshes (the inventory asks
 * Docker), the reconciler thread updates; the control client's event loop reads {@link #current}.
 */
final class HostReporter {
  private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);
  private static final String UNDERLAY = "underlay";

  private final String hostId;
  private final HostFacts inventory;
  private final Supplier<WireGuardIdentity> wireGuard;
  private final LogOnce problems = new LogOnce();
  private volatile HostInventory.Underlay underlay;
  private volatile HostReport baseReport;
  private volatile HostReport report;
  private volatile HostReport reported;

  HostReporter(String hostId, HostFacts inventory, Supplier<WireGuardIdentity> wireGuard) {
    this.hostId = hostId;
    this.inventory = inventory;
    this.wireGuard = wireGuard;
  }

  /** The underlay found by the last refresh; null while none was found. */
  HostInventory.Underlay underlay() {
    return underlay;
  }

  /** Asks the host again for its underlay and inventory. */
  void refresh() {
    // No lock is held here: the inventory asks Docker, which may take long, and the reconciler must not wait for it.
    refreshUnderlay();
    try {
      baseReport = withWireGuard(inventory.report(List.of()));
    } catch (RuntimeException e) {
      LOG.error("cannot inventory this host: {}", e.getMessage());
      baseReport = minimalReport(List.of("inventory failed: " + e.getMessage()));
    }
  }

  /** Asks the host again for its underlay only: this host's interfaces, never Docker. */
  void refreshUnderlay() {
    try {
      underlay = inventory.underlay();
      problems.cleared(UNDERLAY);
    } catch (IllegalStateException e) {
      if (problems.changed(UNDERLAY, e.getMessage())) {
        LOG.error("underlay: {}", e.getMessage());
      }
    }
  }

  /** The report to register with (event loop); a minimal one before the first reconcile. */
  HostReport current() {
    HostReport r = report;
    if (r == null) {
      r = minimalReport(List.of("agent starting: host not inventoried yet"));
    }
    reported = r;
    return r;
  }

  /** Sets this pass's problems (after the underlay's) and tells the coordinator when the report changed. */
  void update(List<String> passErrors, CoordinatorLink link) {
    List<String> errors = new ArrayList<>();
    if (problems.get(UNDERLAY) != null) {
      errors.add("underlay: " + problems.get(UNDERLAY));
    }
    errors.addAll(passErrors);
    HostReport b = baseReport;
    if (b == null) { // Docker not asked yet: the underlay is enough to register with
      HostInventory.Underlay u = underlay;
      b = withWireGuard(new HostReport(hostId, HostInventory.hostname(), u == null ? null : u.address(), List.of(),
          null, null, null, HostInventory.AGENT_VERSION, List.of()));
    }
    List<String> all = new ArrayList<>(b.errors().stream().filter(e -> !errors.contains(e)).toList());
    all.addAll(errors);
    HostReport next = b.withErrors(all);
    report = next;
    if (!next.equals(reported) && link.connected()) {
      reported = next;
      link.send(new ToCoordinator.HostUpdate(next));
    }
  }

  private HostReport minimalReport(List<String> errors) {
    return withWireGuard(new HostReport(hostId, HostInventory.hostname(), null, List.of(), null, null, null,
        HostInventory.AGENT_VERSION, errors));
  }

  private HostReport withWireGuard(HostReport r) {
    WireGuardIdentity wg = wireGuard.get();
    if (wg == null) {
      return r;
    }
    return new HostReport(r.hostId(), r.hostname(), r.underlayAddress(), r.interfaces(), r.dockerVersion(),
        r.swarmNodeId(), r.swarmRole(), r.agentVersion(), r.errors(), wg.kind(), wg.publicKey(), wg.listenPort());
  }
}
