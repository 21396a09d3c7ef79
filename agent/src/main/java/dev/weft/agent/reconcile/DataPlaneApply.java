package dev.weft.agent.reconcile;

import dev.weft.agent.dataplane.DataPlane;
import dev.weft.agent.dataplane.DesiredState;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands the desired state to the {@link DataPlane} when it changed, and always on a full resync (the kernel may have
 * drifted); after a failure, reconciles again in {@link #RETRY_SECONDS}. Reconciler thread only.
 */
final class DataPlaneApply {
  private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);
  static final long RETRY_SECONDS = 5;
  private static final String KEY = "data plane";

  private final DataPlane dataPlane;
  private final ScheduledExecutorService executor;
  private final Runnable retry;
  private final LogOnce problem = new LogOnce();
  private DesiredState lastApplied;

  DataPlaneApply(DataPlane dataPlane, ScheduledExecutorService executor, Runnable retry) {
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

  void apply(DesiredState desired, boolean full) {
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
