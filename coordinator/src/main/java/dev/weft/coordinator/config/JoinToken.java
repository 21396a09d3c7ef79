package dev.weft.coordinator.config;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The current join token (issue 6): rotating it writes the new one to the store (the shared database of a cluster)
 * and to {@code join-token} in the data dir. Joined agents keep their sessions; only new connections need the new
 * token. In a cluster every member re-reads the stored token on {@link #refresh()} (a timer).
 */
public final class JoinToken implements Supplier<String> {
  private static final String KEY = "join-token";
  private final AtomicReference<String> current;
  private final Path file;
  private final Supplier<String> stored;
  private final Consumer<String> store;

  /**
   * @param stored the token in the shared store, null for a single member (its data dir is its store)
   * @param store  writes a rotated token to the shared store, null for a single member
   */
  public JoinToken(String token, Path dataDir, Supplier<String> stored, Consumer<String> store) {
    this.current = new AtomicReference<>(token);
    this.file = dataDir.resolve(KEY);
    this.stored = stored;
    this.store = store;
  }

  /** The token of a single member (its data dir is its store). */
  public static JoinToken local(String token, Path dataDir) {
    return new JoinToken(token, dataDir, null, null);
  }

  /** The token of a cluster member: {@code meta} of the shared database. */
  public static JoinToken cluster(String token, Path dataDir, dev.weft.coordinator.store.Database database) {
    return new JoinToken(token, dataDir, () -> database.settle(KEY, token), value -> database.replace(KEY, value));
  }

  @Override
  public String get() {
    return current.get();
  }

  /** A new join token, stored and written to the data dir; blocking (store and file). */
  public synchronized String rotate() {
    String before = current.get();
    String next = Tokens.fresh();
    if (store != null) {
      store.accept(next);
    }
    current.set(next);
    Tokens.write(file, before, next);
    return next;
  }

  /** Adopts the token another member rotated to; blocking (one read of the store). */
  public synchronized void refresh() {
    if (stored == null) {
      return;
    }
    String before = current.get();
    String now = stored.get();
    if (!now.equals(before)) {
      current.set(now);
      Tokens.write(file, before, now);
    }
  }
}
