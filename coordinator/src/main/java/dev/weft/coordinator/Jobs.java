package dev.weft.coordinator;

import dev.weft.coordinator.cluster.ClusterView;
import dev.weft.coordinator.config.JoinToken;
import dev.weft.coordinator.pki.CaRotation;
import dev.weft.coordinator.block.BlockService;
import dev.weft.coordinator.host.HostLiveness;
import dev.weft.coordinator.host.HostService;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The coordinator's periodic work, each pass off the event loop (a worker) and never overlapping itself: heartbeat
 * timeouts, block reclaim, and in a cluster the re-reading of settings other members change. The timers stop with
 * the Vert.x instance.
 */
final class Jobs {
  private static final Logger LOG = LoggerFactory.getLogger(Jobs.class);
  private static final long SETTINGS_REFRESH_MILLIS = 3000;

  private final Vertx vertx;

  Jobs(Vertx vertx) {
    this.vertx = vertx;
  }

  /** Marks down the hosts silent for longer than {@code timeout}, checked four times per timeout (0.1 s to 1 s). */
  void liveness(HostLiveness liveness, HostService hosts, Duration timeout) {
    vertx.setPeriodic(clamp(timeout.toMillis() / 4, 100, 1000), id -> vertx.executeBlocking(() -> {
      for (Map.Entry<String, Instant> silent : liveness.expire(timeout)) {
        LOG.info("host {} silent since {}: down", silent.getKey(), silent.getValue());
        hosts.markDown(silent.getKey(), silent.getValue());
      }
      return null;
    }, true));
  }

  /** Releases the blocks of hosts gone for longer than {@code grace}; once-only work, on the leader only (issue 4). */
  void reclaim(BlockService blocks, ClusterView cluster, Duration grace) {
    vertx.setPeriodic(clamp(grace.toMillis() / 2, 200, 30_000), id -> vertx.executeBlocking(
            () -> cluster.leader() ? blocks.reclaim(grace) : 0, true)
        .onSuccess(released -> {
          if (released > 0) {
            LOG.info("reclaimed {} blocks of hosts gone for longer than {}", released, grace);
          }
        }));
  }

  /**
   * Re-reads the join token (rotated on another member, issue 6) and the CA settings (staged or retired on another
   * member, issue 12) every 3 s.
   */
  void settingsRefresh(JoinToken joinToken, CaRotation rotation) {
    vertx.setPeriodic(SETTINGS_REFRESH_MILLIS, id -> vertx.executeBlocking(() -> {
      joinToken.refresh();
      rotation.refresh();
      return null;
    }, false).onFailure(e -> LOG.warn("cannot re-read the join token: {}", e.toString())));
  }

  static long clamp(long value, long min, long max) {
    return Math.max(min, Math.min(max, value));
  }
}
