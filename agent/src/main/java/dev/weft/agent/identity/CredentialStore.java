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
 * {@code ca.pem}. Blocking file I/O.
 */
public final class CredentialStore {
  public static final String KEY = "host-key.pem";
  public static final String CERTIFICATE = "host.pem";
  public static final String CA = "ca.pem";
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
      return Optional.of(new HostCredential(read(KEY), read(CERTIFICATE), read(CA)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the host credential in " + dir + ": " + e.getMessage(), e);
    }
  }

  /** Writes the private key with mode 0600 from the start (never readable by others, not even briefly). */
  public void saveKey(String keyPem) {
    write(KEY, keyPem, "rw-------");
  }

  public void save(HostCredential credential) {
    saveKey(credential.keyPem());
    write(CA, credential.caPem(), "rw-r--r--");
    write(CERTIFICATE, credential.certificatePem(), "rw-r--r--");
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
      Files.createDirectories(dir);
      Path next = dir.resolve(name + ".next");
      Files.deleteIfExists(next);
      Files.createFile(next, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(mode)));
      Files.writeString(next, text, StandardCharsets.US_ASCII);
      Files.move(next, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + dir.resolve(name) + ": " + e.getMessage(), e);
    }
  }
}
