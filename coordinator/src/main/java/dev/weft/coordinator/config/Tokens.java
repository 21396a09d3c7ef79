package dev.weft.coordinator.config;

import dev.weft.common.security.JoinTokenFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The admin, join and read-only tokens: read from {@code admin-token}, {@code join-token} and {@code read-token} in
 * the data dir, or made (32 random bytes, hex) and written there with mode 0600 on first start, so they stay the same
 * across restarts. The read token answers {@code /v1} GETs only (issue 6).
 */
public record Tokens(String admin, String join, String read) {
  private static final SecureRandom RANDOM = new SecureRandom();

  /** @throws UncheckedIOException when the data dir cannot be written or a token file is empty */
  public static Tokens loadOrCreate(Path dataDir) {
    return new Tokens(token(dataDir.resolve("admin-token")), token(dataDir.resolve("join-token")),
        token(dataDir.resolve("read-token")));
  }

  /**
   * The same, with the join token in its {@code WEFT1-<fingerprint>-<secret>} form from the start (issue 6): a new
   * one is written that way, one of an earlier form is rewritten keeping its secret, so that {@code join-token}
   * never holds a token agents cannot use.
   *
   * @param caFingerprint the SHA-256 of the cluster CA's certificate, hex
   */
  public static Tokens loadOrCreate(Path dataDir, String caFingerprint) {
    Path joinFile = dataDir.resolve("join-token");
    String join = token(joinFile, () -> JoinTokenFormat.format(caFingerprint, fresh()));
    String upgraded = withFingerprint(join, caFingerprint);
    write(joinFile, join, upgraded);
    return new Tokens(token(dataDir.resolve("admin-token")), upgraded, token(dataDir.resolve("read-token")));
  }

  /** {@code token} with this fingerprint, keeping its secret when it has one (else a new secret). */
  static String withFingerprint(String token, String caFingerprint) {
    return JoinTokenFormat.format(caFingerprint, JoinTokenFormat.secretOf(token).orElseGet(Tokens::fresh));
  }

  /**
   * The cluster's tokens (issue 4): the first member to start stores its tokens (those in its data dir, else new
   * ones) in the shared database, every member adopts what is stored there and writes it into its own data dir.
   * Only the cluster's tokens are ever written: a token file a script or an operator reads while the member starts
   * is missing or valid, never a candidate that lost to another member's (FailoverIT read one once, and its agents
   * were refused).
   *
   * @param settle stores the candidate under the key unless a value is there, and answers the stored value
   */
  public static Tokens ofCluster(Path dataDir, java.util.function.BinaryOperator<String> settle,
                                 String caFingerprint) {
    String admin = existing(dataDir.resolve("admin-token")).orElse("");
    String join = existing(dataDir.resolve("join-token")).orElse("");
    String read = existing(dataDir.resolve("read-token")).orElse("");
    Tokens cluster = new Tokens(settle.apply("admin-token", admin.isEmpty() ? fresh() : admin),
        withFingerprint(settle.apply("join-token", withFingerprint(join, caFingerprint)), caFingerprint),
        settle.apply("read-token", read.isEmpty() ? fresh() : read));
    write(dataDir.resolve("admin-token"), admin, cluster.admin());
    write(dataDir.resolve("join-token"), join, cluster.join());
    write(dataDir.resolve("read-token"), read, cluster.read());
    return cluster;
  }

  /** The token in {@code file}, or empty when there is none (no file, or an empty one). */
  private static java.util.Optional<String> existing(Path file) {
    try {
      return Files.exists(file) ? java.util.Optional.of(Files.readString(file, StandardCharsets.UTF_8).trim())
          .filter(t -> !t.isEmpty()) : java.util.Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  static void write(Path file, String had, String token) {
    if (had.equals(token)) {
      return;
    }
    try {
      Path next = file.resolveSibling(file.getFileName() + ".next");
      Files.deleteIfExists(next);
      Files.createFile(next, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(next, token + "\n", StandardCharsets.UTF_8);
      Files.move(next, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  /** A new token: 32 random bytes, hex. */
  static String fresh() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  private static String token(Path file) {
    return token(file, Tokens::fresh);
  }

  private static String token(Path file, java.util.function.Supplier<String> fresh) {
    try {
      if (!Files.exists(file)) {
        String token = fresh.get();
        try {
          Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
          Files.writeString(file, token + "\n", StandardCharsets.UTF_8);
        } catch (FileAlreadyExistsException raced) {
          // another process made it first; read theirs below
        }
      }
      String token = Files.readString(file, StandardCharsets.UTF_8).trim();
      if (token.isEmpty()) {
        throw new IOException(file + " is empty (expected: a token; delete the file to make a new one)");
      }
      return token;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or write " + file + ": " + e.getMessage(), e);
    }
  }
}
