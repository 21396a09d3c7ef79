package dev.weft.coordinator.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent;
import dev.weft.coordinator.store.Database;
import dev.weft.coordinator.store.StoreMember;
import java.util.Iterator;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This member's view of the coordinator cluster (issue 4): how many members it sees, whether that is a majority of
 * the configured members, whether it is the one member that runs once-only work (the oldest member of a side that
 * has the majority), and the reload of shared state from the database after the membership changed.
 *
 * <p>Why reload: when a member dies, its partitions' backups are promoted, and a backup can miss a write that timed
 * out on its way there although the database has it; when every copy of a partition is lost, its entries are gone
 * from memory; after a split heals, the minority's entries are discarded. In all three cases the database holds every
 * acknowledged write, so the oldest member of the majority reloads every map from it. A write racing the reload can
 * leave one entry older in memory than in the database; its next write then fails the revision check and reloads it.
 */
public final class ClusterMonitor implements ClusterView {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterMonitor.class);
  private static final long RELOAD_DELAY_MILLIS = 2000;

  private final StoreMember store;
  private final HazelcastInstance hazelcast;
  private final int expected;
  private final int quorum;
  private final LongSupplier failovers;
  private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread thread = new Thread(r, "weft-cluster");
    thread.setDaemon(true);
    return thread;
  });
  private final AtomicBoolean reloadPending = new AtomicBoolean();
  private volatile Runnable merged = () -> { };
  private volatile Runnable quorumLost = () -> { };

  /** @param failovers agent registrations that carried tables from an earlier connection (failover, restart) */
  public ClusterMonitor(StoreMember store, LongSupplier failovers) {
    this.store = store;
    this.hazelcast = store.hazelcast();
    this.expected = store.cluster().expectedSize();
    this.quorum = store.cluster().quorum();
    this.failovers = failovers;
  }

  /** Starts listening to membership, merges and lost partitions. */
  @Override
  public void start() {
    if (expected == 1) {
      return;
    }
    hazelcast.getCluster().addMembershipListener(new MembershipListener() {
      @Override
      public void memberAdded(MembershipEvent event) {
        LOG.info("cluster member {} joined: this member sees {} of {}", event.getMember().getAddress(), members(),
            expected);
        // A side that healed or regained its majority may hold copies older than the database.
        scheduleReload("member " + event.getMember().getAddress() + " joined");
      }

      @Override
      public void memberRemoved(MembershipEvent event) {
        LOG.warn("cluster member {} left: this member sees {} of {}{}", event.getMember().getAddress(), members(),
            expected, quorum() ? "" : " (no quorum: refusing to allocate; agents sent to other members)");
        if (!quorum()) {
          quorumLost.run();
        }
        scheduleReload("member " + event.getMember().getAddress() + " left");
      }
    });
    hazelcast.getLifecycleService().addLifecycleListener(event -> {
      if (event.getState() == LifecycleEvent.LifecycleState.SHUTTING_DOWN) {
        executor.shutdownNow();
      } else if (event.getState() == LifecycleEvent.LifecycleState.MERGED) {
        LOG.warn("this member merged back into the cluster after a split; its side's changes were discarded");
        executor.execute(() -> {
          try {
            merged.run();
          } catch (RuntimeException e) {
            LOG.warn("after the merge: {}", e.toString());
          }
        });
        scheduleReload("merged after a split");
      }
    });
    hazelcast.getPartitionService().addPartitionLostListener(event ->
        scheduleReload("partition " + event.getPartitionId() + " lost every copy"));
  }

  /** Runs {@code action} (off Hazelcast's threads) after this member merged back into the cluster. */
  @Override
  public void onMerged(Runnable action) {
    this.merged = action;
  }

  /** Runs {@code action} (must not block) when a member left and this member no longer sees a majority. */
  @Override
  public void onQuorumLost(Runnable action) {
    this.quorumLost = action;
  }

  /** Members this member sees, itself included. */
  @Override
  public int members() {
    return hazelcast.getLifecycleService().isRunning() ? hazelcast.getCluster().getMembers().size() : 0;
  }

  /** Whether this member sees a majority of the configured members. */
  @Override
  public boolean quorum() {
    return members() >= quorum;
  }

  /** Whether this member runs once-only work now: the oldest member of a side with a majority. */
  @Override
  public boolean leader() {
    if (!quorum()) {
      return false;
    }
    Iterator<Member> members = hazelcast.getCluster().getMembers().iterator();
    return members.hasNext() && members.next().localMember();
  }

  private void scheduleReload(String why) {
    if (reloadPending.compareAndSet(false, true)) {
      executor.schedule(() -> reload(why), RELOAD_DELAY_MILLIS, TimeUnit.MILLISECONDS);
    }
  }

  private void reload(String why) {
    reloadPending.set(false);
    if (!leader()) {
      return;
    }
    try {
      for (String map : StoreMember.MAPS) {
        store.map(map).loadAll(true);
      }
      LOG.info("reloaded shared state from {} ({})", store.database().name(), why);
    } catch (RuntimeException e) {
      if (quorum()) {
        LOG.warn("reload from the database failed ({}); retrying: {}", why, e.toString());
        scheduleReload(why);
      } else {
        LOG.info("reload skipped ({}): no majority now; the next membership change reloads", why);
      }
    }
  }

  @Override
  public String metrics() {
    Database database = store.database();
    return ClusterMetricsText.render(members(), quorum(), database.seconds(), database.calls(), failovers.getAsLong());
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
