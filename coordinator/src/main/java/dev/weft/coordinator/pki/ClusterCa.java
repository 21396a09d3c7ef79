package dev.weft.coordinator.pki;

import dev.weft.common.security.Pem;
import dev.weft.coordinator.settings.Settings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster's CA, kept in the store like the tokens (issue 6): the first member to start stores a new CA under
 * {@code ca}, every member (and every restart) adopts what is stored, so one cluster has exactly one CA. Its
 * certificate is written to {@code ca.pem} in the data dir for the CLI and operators.
 *
 * <p>The private key is never stored in the clear (issue 12): the stored value is the certificate's PEM and then the
 * key's PKCS#8 DER sealed with the {@link MasterKey} (AES-256-GCM, the setting's key {@code ca} as associated data).
 * A store written by an earlier version holds the key as PEM; it is read and stored again sealed.
 */
public final class ClusterCa {
  static final String KEY = "ca";
  public static final String FILE = "ca.pem";
  private static final Logger LOG = LoggerFactory.getLogger(ClusterCa.class);

  private ClusterCa() {
  }

  /**
   * @param settings where the CA is stored (blocking: a round trip or two to the store)
   * @param key     the cluster's master key, which seals the CA's private key
   * @throws UncheckedIOException when {@code ca.pem} cannot be written
   * @throws IllegalStateException when the stored CA was sealed with another master key: the message names the key's
   *                               file and what to do
   */
  public static CertificateAuthority loadOrCreate(Settings settings, Path dataDir, Clock clock, MasterKey key) {
    String stored = settings.get(KEY);
    if (stored == null) {
      stored = settings.putIfAbsent(KEY, sealed(CertificateAuthority.create(clock), key));
    }
    CertificateAuthority ca;
    if (stored.contains("-----BEGIN PRIVATE KEY-----")) {
      ca = CertificateAuthority.fromPem(stored);
      settings.put(KEY, sealed(ca, key));
      LOG.info("the cluster CA (sha256 {}) was stored with its private key in the clear (an earlier version): "
          + "stored again with the key sealed by the master key {}", ca.fingerprint(), describe(key));
    } else {
      ca = open(stored, key);
    }
    writeIfChanged(dataDir.resolve(FILE), ca.certificatePem());
    return ca;
  }

  /** What the store keeps: the certificate's PEM, then the sealed key on a line of its own. */
  static String sealed(CertificateAuthority ca, MasterKey key) {
    String pem = ca.toPem();
    byte[] der = Pem.ecPrivateKey(pem).getEncoded();
    try {
      return ca.certificatePem() + key.seal(KEY, der) + "\n";
    } finally {
      Arrays.fill(der, (byte) 0);
    }
  }

  static CertificateAuthority open(String stored, MasterKey key) {
    List<X509Certificate> certificates = Pem.certificates(stored);
    String sealedKey = stored.lines().filter(MasterKey::isSealed).findFirst().orElseThrow(
        () -> new IllegalArgumentException("stored CA: no sealed private key (expected: a line "
            + MasterKey.SEALED_V1 + "…)"));
    if (certificates.size() != 1) {
      throw new IllegalArgumentException("stored CA: " + certificates.size() + " certificates (expected: 1)");
    }
    byte[] der;
    try {
      der = key.open(KEY, sealedKey);
    } catch (MasterKey.WrongKeyException e) {
      throw new IllegalStateException("the cluster CA in the store is sealed with another master key than "
          + describe(key) + ": every member of a cluster needs the same master key. Copy master.key from the member "
          + "that started first (or from the Ansible controller) to " + describe(key) + " on this member, mode 0600, "
          + "and start it again", e);
    }
    try {
      return CertificateAuthority.fromPem(Pem.certificate(certificates.get(0)) + Pem.block("PRIVATE KEY", der));
    } finally {
      Arrays.fill(der, (byte) 0);
    }
  }

  private static String describe(MasterKey key) {
    return key.file() == null ? "the given master key" : key.file().toAbsolutePath().toString();
  }

  static void writeIfChanged(Path file, String text) {
    try {
      if (Files.exists(file) && Files.readString(file, StandardCharsets.US_ASCII).equals(text)) {
        return;
      }
      Path next = file.resolveSibling(file.getFileName() + ".next");
      Files.deleteIfExists(next);
      Files.createFile(next, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(next, text, StandardCharsets.US_ASCII);
      // The certificate is public: readable by every local user (the CLI reads it), whatever the umask.
      Files.setPosixFilePermissions(next, PosixFilePermissions.fromString("rw-r--r--"));
      Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }
}
