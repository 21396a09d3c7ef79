package dev.weft.coordinator.metrics;

import java.util.concurrent.atomic.AtomicLong;

/** The coordinator's monotonic counters; gauges are computed when {@code /metrics} is read. Thread-safe. */
public final class Counters {
  private final AtomicLong messagesSent = new AtomicLong();
  private final AtomicLong allocationFailures = new AtomicLong();
  private final AtomicLong agentFailovers = new AtomicLong();
  private final AtomicLong tablesResumed = new AtomicLong();
  private final AtomicLong tablesResent = new AtomicLong();
  private volatile java.util.function.Supplier<String> clusterMetrics = () -> "";
  private volatile java.util.function.Supplier<String> keyMetrics = () -> "";

  public void messageSent() {
    messagesSent.incrementAndGet();
  }

  public void messagesSent(int count) {
    messagesSent.addAndGet(count);
  }

  public void allocationFailed() {
    allocationFailures.incrementAndGet();
  }

  public long messagesSent() {
    return messagesSent.get();
  }

  public long allocationFailures() {
    return allocationFailures.get();
  }

  /**
   * An agent registered: of the tables of its networks, {@code resumed} it already held (same digest), {@code sent}
   * it got as snapshots.
   */
  public void tablesAttached(int resumed, int sent) {
    tablesResumed.addAndGet(resumed);
    tablesResent.addAndGet(sent);
  }

  public long tablesResumed() {
    return tablesResumed.get();
  }

  public long tablesResent() {
    return tablesResent.get();
  }

  /**
   * An agent registered holding tables from an earlier connection (issue 4): it failed over from another member,
   * this member restarted, or it reconnected.
   */
  public void agentFailover() {
    agentFailovers.incrementAndGet();
  }

  public long agentFailovers() {
    return agentFailovers.get();
  }

  /** Lines the cluster adds to {@code /metrics} (members, quorum, store latency, failovers). */
  public void clusterMetrics(java.util.function.Supplier<String> lines) {
    clusterMetrics = lines;
  }

  public String clusterMetrics() {
    return clusterMetrics.get();
  }

  /** Lines encrypted transport adds to {@code /metrics} (key age, issue 6). */
  public void keyMetrics(java.util.function.Supplier<String> lines) {
    keyMetrics = lines;
  }

  public String keyMetrics() {
    return keyMetrics.get();
  }
}
