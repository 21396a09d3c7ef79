package dev.weft.coordinator.cluster;

import java.util.function.LongSupplier;

/**
 * The cluster of a coordinator that keeps its state in memory only: itself, always a majority and the leader, never
 * split. Used by tests that exercise the API and the services without a Hazelcast member.
 */
public final class SingleMember implements ClusterView {
  private final LongSupplier failovers;
  private volatile boolean running = true;

  /** @param failovers agent registrations that carried tables from an earlier connection */
  public SingleMember(LongSupplier failovers) {
    this.failovers = failovers;
  }

  @Override
  public void start() {
  }

  @Override
  public int members() {
    return running ? 1 : 0;
  }

  @Override
  public boolean quorum() {
    return running;
  }

  @Override
  public boolean leader() {
    return running;
  }

  @Override
  public void onMerged(Runnable action) {
    // never split, so never merged
  }

  @Override
  public void onQuorumLost(Runnable action) {
    // alone, it is always its own majority
  }

  @Override
  public String metrics() {
    return ClusterMetricsText.render(members(), quorum(), 0, 0, failovers.getAsLong());
  }

  @Override
  public void close() {
    running = false;
  }
}
