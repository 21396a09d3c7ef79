package dev.weft.e2e;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/** Polls a condition until a deadline; never a bare sleep for correctness. */
final class Wait {
  private Wait() {
  }

  /**
   * Polls {@code probe} every {@code every} until it returns a value or the deadline passes.
   *
   * @param what  what is awaited, for the failure message
   * @param probe returns empty while not yet; may throw, which counts as "not yet" and is reported on timeout
   */
  static <T> T until(String what, Duration timeout, Duration every, Supplier<Optional<T>> probe) {
    long deadline = System.nanoTime() + timeout.toNanos();
    Throwable last = null;
    while (true) {
      try {
        Optional<T> v = probe.get();
        if (v.isPresent()) {
          return v.get();
        }
        last = null;
      } catch (RuntimeException | AssertionError e) {
        last = e;
      }
      if (System.nanoTime() > deadline) {
        AssertionError fail = new AssertionError("timed out after " + timeout.toSeconds() + "s waiting for " + what
            + (last == null ? "" : " (last error: " + last.getMessage() + ")"));
        if (last != null) {
          fail.initCause(last);
        }
        throw fail;
      }
      try {
        Thread.sleep(every.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted waiting for " + what, e);
      }
    }
  }

  static void until(String what, Duration timeout, Supplier<Boolean> condition) {
    until(what, timeout, Duration.ofMillis(200), () -> condition.get() ? Optional.of(Boolean.TRUE) : Optional.empty());
  }
}
