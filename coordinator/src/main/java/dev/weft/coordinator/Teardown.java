package dev.weft.coordinator;

import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a coordinator started, closed in reverse: each part is added once it runs, so that a start failing half way
 * and a normal stop close the same parts in the same order, written once. A part that fails to close is logged and
 * the parts added before it still close.
 */
final class Teardown implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Teardown.class);

  private final Deque<Runnable> parts = new ArrayDeque<>();

  /** Adds the step that closes a part; it runs before the steps of every part added earlier. */
  synchronized void add(Runnable close) {
    parts.push(close);
  }

  @Override
  public synchronized void close() {
    while (!parts.isEmpty()) {
      try {
        parts.pop().run();
      } catch (RuntimeException e) {
        LOG.warn("while stopping: {}", e.toString());
      }
    }
  }
}
