package dev.weft.coordinator.metrics;

import java.util.concurrent.atomic.AtomicLong;

/** The coordinator's monotonic counters; gauges are computed when {@code /metrics} is read. Thread-safe. */
public final class Counters {
  private final AtomicLong messagesSent = new AtomicLong();
  private final AtomicLong allocationFailures = new AtomicLong();

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
}
