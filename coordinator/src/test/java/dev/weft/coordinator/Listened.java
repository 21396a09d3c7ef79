package dev.weft.coordinator;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * What a store listener was told, and on which threads: the listener contracts' recorder. Its executor is one named
 * thread, so a test can see that no listener ran on the writer's thread.
 *
 * @param <E> the event type
 */
public final class Listened<E> implements AutoCloseable {
  public static final String THREAD = "listener-under-test";

  private final List<E> events = new CopyOnWriteArrayList<>();
  private final List<String> threads = new CopyOnWriteArrayList<>();
  private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> new Thread(r, THREAD));

  public ExecutorService executor() {
    return executor;
  }

  /** The listener to register. */
  public Consumer<E> listener() {
    return e -> {
      threads.add(Thread.currentThread().getName());
      events.add(e);
    };
  }

  /** Waits until {@code count} events arrived and answers them in order. */
  public List<E> await(int count) {
    return Eventually.until(count + " events", () -> List.copyOf(events), found -> found.size() >= count);
  }

  /** The threads each listener call ran on. */
  public List<String> threads() {
    return List.copyOf(threads);
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
