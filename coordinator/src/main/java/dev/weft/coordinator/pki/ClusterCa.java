package dev.weft.coordinator.pki;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.function.BinaryOperator;

/**
 * The cluster's CA, kept in the store like the tokens (issue 6): the first member to start stores a new CA under
 * {@code ca}, every member (and every restart) adopts what is stored, so one cluster has exactly one CA. Its
 * certificate is written to {@code ca.pem} in the data dir for the CLI and operators; the key stays in the store.
 */
public final class ClusterCa {
  static final String KEY = "ca";
  public static final String FILE = "ca.pem";

  private ClusterCa() {
  }

  /**
   * @param settle stores the candidate under the key unless a value is there, and answers the stored value
   *               (blocking: one round trip to the store)
   * @throws UncheckedIOException when {@code ca.pem} cannot be written
   */
  public static CertificateAuthority loadOrCreate(BinaryOperator<String> settle, Path dataDir, Clock clock) {
    String stored = settle.apply(KEY, CertificateAuthority.create(clock).toPem());
    CertificateAuthority ca = CertificateAuthority.fromPem(stored);
    writeIfChanged(dataDir.resolve(FILE), ca.certificatePem());
    return ca;
  }

  private static void writeIfChanged(Path file, String text) {
    try {
      if (Files.exists(file) && Files.readString(file, StandardCharsets.US_ASCII).equals(text)) {
        return;
      }
      Path next = file.resolveSibling(file.getFileName() + ".next");
      Files.writeString(next, text, StandardCharsets.US_ASCII);
      Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }
}
