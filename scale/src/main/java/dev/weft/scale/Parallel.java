package dev.weft.scale;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/** Steps run for many simulated agents at once, with a bound on how many are in flight. */
final class Parallel {
  private Parallel() {
  }

  /** Runs {@code step} for every agent, at most {@code parallel} at a time; fails on the first failure. */
  static void forAll(Collection<SimAgent> agents, int parallel, Duration timeout,
                     Function<SimAgent, Future<?>> step) throws InterruptedException, TimeoutException {
    Semaphore slots = new Semaphore(parallel);
    List<CompletableFuture<?>> all = new ArrayList<>();
    long deadline = System.nanoTime() + timeout.toNanos();
    for (SimAgent agent : agents) {
      if (!slots.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
        throw new TimeoutException("agents did not finish within " + timeout);
      }
      all.add(step.apply(agent).onComplete(r -> slots.release()).toCompletionStage().toCompletableFuture());
    }
    try {
      CompletableFuture.allOf(all.toArray(CompletableFuture[]::new))
          .get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
  }
}
