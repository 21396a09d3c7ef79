package dev.weft.coordinator.metrics;

import java.util.concurrent.atomic.AtomicLong;

/** The coordinator's monotonic counters; gauges are computed when {@code /metrics} is read. Thread-safe. */
public final class Counters {
  private final AtomicLong messagesSent = new AtomicLong();
  private final AtomicLong allocationFailures = new AtomicLong();
  private final AtomicLong agentFailovers = new AtomicLong();
  private final AtomicLong tablesResumed = new AtomicLong();
  private final AtomicLong tablesResent = new AtomicLong();
  private final AtomicLong auditRecords = new AtomicLong();
  private final AtomicLong auditFailures = new AtomicLong();
  private final AtomicLong rateLimited = new AtomicLong();
  private final AtomicLong headerTimeouts = new AtomicLong();
  private final AtomicLong registerTimeouts = new AtomicLong();
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

  /** A line was appended to {@code audit.log}. */
  public void auditRecorded() {
    auditRecords.incrementAndGet();
  }

  /** A line could not be appended to {@code audit.log} and is lost (issue 12). */
  public void auditFailed() {
    auditFailures.incrementAndGet();
  }

  public long auditFailures() {
    return auditFailures.get();
  }

  /** A request was answered 429 because its client address spent its budget (issue 12). */
  public void rateLimited() {
    rateLimited.incrementAndGet();
  }

  /** A connection was closed for not sending a request head in time (issue 12). */
  public void headerTimedOut() {
    headerTimeouts.incrementAndGet();
  }

  /** An agent WebSocket was closed for not registering in time (issue 12). */
  public void registerTimedOut() {
    registerTimeouts.incrementAndGet();
  }

  /** The audit log's and the HTTP listener's lines of {@code /metrics}. */
  public String httpMetrics() {
    return "# HELP weft_audit_records_total Lines appended to audit.log.\n# TYPE weft_audit_records_total counter\n"
        + "weft_audit_records_total " + auditRecords.get() + "\n"
        + "# HELP weft_audit_failures_total Audit records that could not be written (see the log).\n"
        + "# TYPE weft_audit_failures_total counter\nweft_audit_failures_total " + auditFailures.get() + "\n"
        + "# HELP weft_http_rate_limited_total Requests answered 429: their client address spent its budget.\n"
        + "# TYPE weft_http_rate_limited_total counter\nweft_http_rate_limited_total " + rateLimited.get() + "\n"
        + "# HELP weft_http_timeouts_total Connections closed by a timeout: no request head, or no register.\n"
        + "# TYPE weft_http_timeouts_total counter\n"
        + "weft_http_timeouts_total{kind=\"header\"} " + headerTimeouts.get() + "\n"
        + "weft_http_timeouts_total{kind=\"register\"} " + registerTimeouts.get() + "\n";
  }
}
