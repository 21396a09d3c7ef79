package dev.weft.agent.control;

import dev.weft.common.wire.ToAgent;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;

/**
 * Block requests waiting for their answer, by request id: a {@code block-grant} or {@code error} with the id
 * completes one, the answer timeout or the end of the session fails it. Ids are this client's prefix and a counter,
 * so an answer meant for an earlier agent process is never taken for one of ours. Context only.
 */
final class PendingRequests {
  private record Pending(CompletableFuture<ToAgent.BlockGrant> future, long timer) {
  }

  private final Vertx vertx;
  private final Duration timeout;
  private final String prefix;
  private final Map<String, Pending> pending = new HashMap<>();
  private long counter;

  /** @param prefix starts every id; unique per client (random) */
  PendingRequests(Vertx vertx, Duration timeout, String prefix) {
    this.vertx = vertx;
    this.timeout = timeout;
    this.prefix = prefix;
  }

  /** A fresh request id. */
  String nextId() {
    return prefix + (++counter);
  }

  /** Waits for the answer to request {@code id}; fails with a {@link TimeoutException} after the timeout. */
  CompletableFuture<ToAgent.BlockGrant> await(String id, String network) {
    CompletableFuture<ToAgent.BlockGrant> future = new CompletableFuture<>();
    long timer = vertx.setTimer(timeout.toMillis(), t -> {
      Pending p = pending.remove(id);
      if (p != null) {
        p.future().completeExceptionally(new TimeoutException("block request " + id + " for network " + network
            + ": no answer in " + timeout.toSeconds() + " s"));
      }
    });
    pending.put(id, new Pending(future, timer));
    return future;
  }

  /** Completes the request the grant answers; false when none waits for it (late, or not ours). */
  boolean granted(ToAgent.BlockGrant grant) {
    Pending p = pending.remove(grant.requestId());
    if (p == null) {
      return false;
    }
    vertx.cancelTimer(p.timer());
    p.future().complete(grant);
    return true;
  }

  /** Fails the request the error answers; false when it answers none (a session-level error). */
  boolean refused(ToAgent.Error error) {
    Pending p = error.requestId() == null ? null : pending.remove(error.requestId());
    if (p == null) {
      return false;
    }
    vertx.cancelTimer(p.timer());
    p.future().completeExceptionally(new CoordinatorLink.CoordinatorException(error.code(), error.message()));
    return true;
  }

  /** Fails every waiting request with {@code cause} (the session ended). */
  void failAll(Throwable cause) {
    for (Pending p : pending.values()) {
      vertx.cancelTimer(p.timer());
      p.future().completeExceptionally(cause);
    }
    pending.clear();
  }
}
