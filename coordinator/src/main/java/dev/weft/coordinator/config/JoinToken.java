package dev.weft.coordinator.config;

import dev.weft.common.security.JoinTokenFormat;
import dev.weft.coordinator.settings.Settings;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The current join token (issue 6): rotating it writes the new one to the store (the shared database of a cluster)
 * and to {@code join-token} in the data dir. Joined agents keep their sessions; only new connections need the new
 * token. In a cluster every member re-reads the stored token on {@link #refresh()} (a timer).
 *
 * <p>The token's text is {@code WEFT1-<CA fingerprint>-<secret>} ({@link JoinTokenFormat}); rotating changes the
 * secret only. A token stored before the CA existed (a bare secret) is upgraded to this form on start, keeping its
 * secret.
 */
public final class JoinToken implements Supplier<String> {
  private static final String KEY = "join-token";
  private final AtomicReference<String> current;
  private final Path file;
  private final Supplier<String> stored;
  private final Consumer<String> store;
  private volatile String fingerprint;

  /**
   * @param stored the token in the shared store, null for a single member (its data dir is its store)
   * @param store  writes a rotated token to the shared store, null for a single member
   */
  public JoinToken(String token, Path dataDir, Supplier<String> stored, Consumer<String> store,
                   String fingerprint) {
    this.fingerprint = fingerprint;
    this.file = dataDir.resolve(KEY);
    this.stored = stored;
    this.store = store;
    String upgraded = withFingerprint(token);
    this.current = new AtomicReference<>(upgraded);
    if (!upgraded.equals(token)) {
      if (store != null) {
        store.accept(upgraded);
      }
      Tokens.write(file, token, upgraded);
    }
  }

  /** The token of a single member (its data dir is its store); blocking (may rewrite the file). */
  public static JoinToken local(String token, Path dataDir, String fingerprint) {
    return new JoinToken(token, dataDir, null, null, fingerprint);
  }

  /**
   * The token of a cluster member: a setting of the shared database; blocking (may rewrite it). Re-reading it is one
   * read ({@link Settings#putIfAbsent} reads first), so that the timer's re-reads make no statement fail.
   */
  public static JoinToken cluster(String token, Path dataDir, Settings settings, String fingerprint) {
    return new JoinToken(token, dataDir, () -> settings.putIfAbsent(KEY, token), value -> settings.put(KEY, value),
        fingerprint);
  }

  /**
   * The cluster CA changed (a CA rotation retired the old one, issue 12): the token's first part becomes the new CA's
   * fingerprint, its secret stays; the old text stops working. Written to the data dir; in a cluster every member
   * does this itself (the stored token's fingerprint part is replaced on reading), so it writes nothing to the store,
   * which could undo a rotation another member made meanwhile. Blocking (the file).
   */
  public synchronized void adoptFingerprint(String caFingerprint) {
    if (caFingerprint.equals(fingerprint)) {
      return;
    }
    fingerprint = caFingerprint;
    String before = current.get();
    String now = withFingerprint(before);
    current.set(now);
    Tokens.write(file, before, now);
  }

  /** The fingerprint of the CA, the token's first part. */
  public String fingerprint() {
    return fingerprint;
  }

  /** {@code token} in the current form with this CA's fingerprint, keeping its secret when it has one. */
  private String withFingerprint(String token) {
    String secret = JoinTokenFormat.secretOf(token).orElseGet(Tokens::fresh);
    return JoinTokenFormat.format(fingerprint, secret);
  }

  @Override
  public String get() {
    return current.get();
  }

  /** A new join token, stored and written to the data dir; blocking (store and file). */
  public synchronized String rotate() {
    String before = current.get();
    String next = JoinTokenFormat.format(fingerprint, Tokens.fresh());
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
    String now = withFingerprint(stored.get());
    if (!now.equals(before)) {
      current.set(now);
      Tokens.write(file, before, now);
    }
  }
}
