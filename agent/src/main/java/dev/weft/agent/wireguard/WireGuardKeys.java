package dev.weft.agent.wireguard;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPrivateKeySpec;
import java.security.spec.XECPublicKeySpec;
import java.util.Base64;
import javax.crypto.KeyAgreement;

/**
 * This host's WireGuard key pair (issue 6): an X25519 private key made here, kept in the state dir with mode 0600,
 * never sent anywhere; only the public key is reported. Keys are WireGuard's format: 32 bytes, base64.
 */
public final class WireGuardKeys {
  public static final String FILE = "wireguard.key";

  private final Path privateKeyFile;
  private final String publicKey;

  private WireGuardKeys(Path privateKeyFile, String publicKey) {
    this.privateKeyFile = privateKeyFile;
    this.publicKey = publicKey;
  }

  /** Reads the key in {@code stateDir}, or makes and stores one. */
  public static WireGuardKeys loadOrCreate(Path stateDir, SecureRandom random) {
    Path file = stateDir.resolve(FILE);
    try {
      if (!Files.exists(file)) {
        byte[] raw = new byte[32];
        random.nextBytes(raw);
        clamp(raw);
        Path tmp = stateDir.resolve(FILE + ".tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(tmp, Base64.getEncoder().encodeToString(raw) + "\n", StandardOpenOption.TRUNCATE_EXISTING);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      }
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
      String text = Files.readString(file, StandardCharsets.US_ASCII).strip();
      return new WireGuardKeys(file, publicKeyOf(text));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or make the WireGuard key " + file, e);
    }
  }

  /** The private key file (mode 0600); its content is for {@code wg} only. */
  public Path privateKeyFile() {
    return privateKeyFile;
  }

  public String publicKey() {
    return publicKey;
  }

  /**
   * The public key of a base64 private key: X25519 of the private key and the base point u = 9 (RFC 7748, 6.1),
   * through the JDK's XDH key agreement.
   */
  public static String publicKeyOf(String privateKeyBase64) {
    byte[] raw = Base64.getDecoder().decode(privateKeyBase64);
    if (raw.length != 32) {
      throw new IllegalArgumentException("private key: " + raw.length + " bytes (expected: 32)");
    }
    try {
      KeyFactory factory = KeyFactory.getInstance("XDH");
      PrivateKey priv = factory.generatePrivate(new XECPrivateKeySpec(NamedParameterSpec.X25519, raw));
      PublicKey base = factory.generatePublic(new XECPublicKeySpec(NamedParameterSpec.X25519, BigInteger.valueOf(9)));
      KeyAgreement agreement = KeyAgreement.getInstance("XDH");
      agreement.init(priv);
      agreement.doPhase(base, true);
      return Base64.getEncoder().encodeToString(agreement.generateSecret());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("X25519 is not available in this JDK", e);
    }
  }

  /** RFC 7748 clamping, as {@code wg genkey} does. */
  static void clamp(byte[] raw) {
    raw[0] &= (byte) 248;
    raw[31] &= (byte) 127;
    raw[31] |= (byte) 64;
  }
}
