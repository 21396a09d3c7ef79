package dev.weft.agent.identity;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * The host credential in the state dir (issue 6): {@code host-key.pem} (mode 0600), {@code host.pem} and
 * {@code ca.pem}. Key and certificate are replaced together (a renewal, issue 12): both are written in full next to
 * the old ones first, then renamed over them, key first; a crash between the two renames leaves a new key and the
 * new certificate still in {@code host.pem.next}, which {@link #load} finishes. Blocking file I/O.
 */
public final class CredentialStore {
  public static final String KEY = "host-key.pem";
  public static final String CERTIFICATE = "host.pem";
  public static final String CA = "ca.pem";
  private static final String NEXT = ".next";
  private final Path dir;

  public CredentialStore(Path stateDir) {
    this.dir = stateDir;
  }

  /** The stored credential, or empty when the host has not joined (any of the three files missing). */
  public Optional<HostCredential> load() {
    try {
      if (!Files.exists(dir.resolve(KEY)) || !Files.exists(dir.resolve(CERTIFICATE))
          || !Files.exists(dir.resolve(CA))) {
        return Optional.empty();
      }
      HostCredential stored = new HostCredential(read(KEY), read(CERTIFICATE), read(CA));
      Path next = dir.resolve(CERTIFICATE + NEXT);
      if (!stored.keyMatchesCertificate() && Files.exists(next)) {
        HostCredential finished = new HostCredential(stored.keyPem(), Files.readString(next,
            StandardCharsets.US_ASCII), stored.caPem());
        if (finished.keyMatchesCertificate()) {
          Files.move(next, dir.resolve(CERTIFICATE), StandardCopyOption.REPLACE_EXISTING,
              StandardCopyOption.ATOMIC_MOVE);
          return Optional.of(finished);
        }
      }
      return Optional.of(stored);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the host credential in " + dir + ": " + e.getMessage(), e);
    }
  }

  /**
   * Stores a credential (a join's or a renewal's), replacing the one there: the private key with mode 0600 from the
   * start (never readable by others, not even briefly), each file atomically, key and certificate as a pair.
   */
  public void save(HostCredential credential) {
    write(CA, credential.caPem(), "rw-r--r--");
    try {
      Path key = prepare(KEY, credential.keyPem(), "rw-------");
      Path certificate = prepare(CERTIFICATE, credential.certificatePem(), "rw-r--r--");
      Files.move(key, dir.resolve(KEY), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      Files.move(certificate, dir.resolve(CERTIFICATE), StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the host credential in " + dir + ": " + e.getMessage(), e);
    }
  }

  /** Forgets the credential: the host must join again. */
  public void delete() {
    try {
      for (String name : new String[] {CERTIFICATE, KEY, CA}) {
        Files.deleteIfExists(dir.resolve(name));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String read(String name) throws IOException {
    return Files.readString(dir.resolve(name), StandardCharsets.US_ASCII);
  }

  private void write(String name, String text, String mode) {
    try {
      Files.move(prepare(name, text, mode), dir.resolve(name), StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + dir.resolve(name) + ": " + e.getMessage(), e);
    }
  }

  /** {@code NAME.next} with the text, created with {@code mode} and forced to disk. */
  private Path prepare(String name, String text, String mode) throws IOException {
    Files.createDirectories(dir);
    Path next = dir.resolve(name + NEXT);
    Files.deleteIfExists(next);
    Files.createFile(next, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(mode)));
    try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(next,
        java.nio.file.StandardOpenOption.WRITE)) {
      channel.write(java.nio.ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII)));
      channel.force(true);
    }
    return next;
  }
}
