package dev.weft.coordinator;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Bounded polling of state a user can see: returns as soon as the condition holds, fails after the bound. */
final class Eventually {
  private Eventually() {
  }

  static <T> T until(String what, Supplier<T> probe, Predicate<T> condition) {
    return until(what, probe, condition, Duration.ofSeconds(20));
  }

  static <T> T until(String what, Supplier<T> probe, Predicate<T> condition, Duration bound) {
    long deadline = System.nanoTime() + bound.toNanos();
    T last = null;
    while (System.nanoTime() < deadline) {
      last = probe.get();
      if (condition.test(last)) {
        return last;
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
    throw new AssertionError("not within " + bound + ": " + what + "; last seen: " + last);
  }
}
