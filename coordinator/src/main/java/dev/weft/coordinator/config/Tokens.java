package dev.weft.coordinator.config;

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
 * The admin and join tokens: read from {@code admin-token} and {@code join-token} in the data dir, or made (32
 * random bytes, hex) and written there with mode 0600 on first start, so they stay the same across restarts.
 */
public record Tokens(String admin, String join) {
  private static final SecureRandom RANDOM = new SecureRandom();

  /** @throws UncheckedIOException when the data dir cannot be written or a token file is empty */
  public static Tokens loadOrCreate(Path dataDir) {
    return new Tokens(token(dataDir.resolve("admin-token")), token(dataDir.resolve("join-token")));
  }

  private static String token(Path file) {
    try {
      if (!Files.exists(file)) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String token = HexFormat.of().formatHex(bytes);
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
