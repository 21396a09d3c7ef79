package dev.weft.agent.reconcile;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * Passes of the loop that Weft's Docker driver waits for (issue 14), coalesced: every caller waiting when a pass
 * starts is answered by that one pass, so that 20 containers that dockerd restores at once cost a pass or two, not
 * twenty.
 */
final class DriverPasses {
  private final Executor loop;
  private final Runnable pass;
  private final Supplier<String> failure;
  private final List<CompletableFuture<Void>> waiting = new ArrayList<>();

  /**
   * @param pass    one reconcile pass, run on {@code loop}
   * @param failure after a pass: why the kernel is not as wanted, or null when it is
   */
  DriverPasses(Executor loop, Runnable pass, Supplier<String> failure) {
    this.loop = loop;
    this.pass = pass;
    this.failure = failure;
  }

  /** Completes after the next pass; exceptionally with {@code failure}'s reason. Any thread. */
  CompletableFuture<Void> next() {
    CompletableFuture<Void> done = new CompletableFuture<>();
    boolean first;
    synchronized (waiting) {
      first = waiting.isEmpty();
      waiting.add(done);
    }
    if (first) {
      loop.execute(this::run);
    }
    return done;
  }

  private void run() {
    List<CompletableFuture<Void>> answered;
    synchronized (waiting) {
      answered = new ArrayList<>(waiting);
      waiting.clear();
    }
    pass.run();
    String why = failure.get();
    for (CompletableFuture<Void> f : answered) {
      if (why == null) {
        f.complete(null);
      } else {
        f.completeExceptionally(new IllegalStateException(why));
      }
    }
  }
}
