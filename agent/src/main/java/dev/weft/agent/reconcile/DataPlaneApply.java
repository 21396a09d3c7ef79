package dev.weft.agent.reconcile;

import dev.weft.common.sync.TableBook;
import dev.weft.agent.dataplane.DataPlane;
import dev.weft.agent.dataplane.DesiredState;
import dev.weft.agent.host.HostInventory;
import dev.weft.agent.reconcile.DesiredStateBuilder.LocalAttachment;
import dev.weft.agent.wireguard.WireGuardIdentity;
import dev.weft.common.model.Network;
import dev.weft.common.wire.ToAgent;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the desired state and hands it to the {@link DataPlane} when it changed, and always on a full resync (the kernel may have
 * drifted); after a failure, reconciles again in {@link #RETRY_SECONDS}. Reconciler thread only.
 */
final class DataPlaneApply {
  private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);
  static final long RETRY_SECONDS = 5;
  private static final String KEY = "data plane";

  private final String hostId;
  private final int vxlanPort;
  private final TableBook book;
  private final DataPlane dataPlane;
  private final ScheduledExecutorService executor;
  private final Runnable retry;
  private final LogOnce problem = new LogOnce();
  private DesiredState lastApplied;

  DataPlaneApply(String hostId, int vxlanPort, TableBook book, DataPlane dataPlane, ScheduledExecutorService executor,
                 Runnable retry) {
    this.hostId = hostId;
    this.vxlanPort = vxlanPort;
    this.book = book;
    this.dataPlane = dataPlane;
    this.executor = executor;
    this.retry = retry;
  }

  /** The last failure, or null when the last apply took. */
  String error() {
    return problem.get(KEY);
  }

  /** Forgets what was applied: the next {@link #apply} applies even if the state did not change. */
  void invalidate() {
    lastApplied = null;
  }

  /**
   * Builds the desired state ({@link DesiredStateBuilder}) and applies it.
   *
   * @param partial the containers are not known yet: remove nothing that is absent from this state
   *
   * @param wireGuard this host's WireGuard, or null when it has none
   * @param keys      the key table, or null before the first
   */
  void apply(HostInventory.Underlay underlay, Map<String, Network> catalog, List<LocalAttachment> attachments,
             Set<String> prepared, WireGuardIdentity wireGuard, ToAgent.Keys keys, boolean full, boolean partial) {
    DesiredStateBuilder.Encryption encryption = wireGuard == null ? null
        : new DesiredStateBuilder.Encryption(wireGuard.kind(), wireGuard.listenPort(), wireGuard.privateKeyFile(),
            keys);
    DesiredState desired = DesiredStateBuilder.build(new DesiredStateBuilder.Host(hostId, underlay.address(),
        underlay.mtu(), vxlanPort), catalog, book.tables(), attachments, prepared, encryption);
    apply(partial ? desired.asPartial() : desired, full);
  }

  private void apply(DesiredState desired, boolean full) {
    if (!full && desired.equals(lastApplied)) {
      return;
    }
    lastApplied = null;
    try {
      dataPlane.apply(desired);
      lastApplied = desired;
      if (problem.cleared(KEY)) {
        LOG.info("data plane applied again");
      }
    } catch (RuntimeException e) {
      String msg = "data plane: " + e.getMessage();
      if (problem.changed(KEY, msg)) {
        LOG.error("{}; retrying in 5 s", msg, e);
      }
      executor.schedule(retry, RETRY_SECONDS, TimeUnit.SECONDS);
    }
  }
}
