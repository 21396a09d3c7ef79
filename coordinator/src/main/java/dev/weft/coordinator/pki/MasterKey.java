package dev.weft.coordinator.pki;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The cluster's master key (issue 12): 32 random bytes, base64, in a file of mode 0600 ({@code master.key} in the data
 * dir unless {@code --master-key-file} says otherwise). Every member of a cluster holds the same one; it never goes
 * into the store. Two things come from it:
 *
 * <ul>
 *   <li>the Hazelcast cluster name ({@link #clusterName()}), so that a member without the key is refused by
 *   Hazelcast's join check;
 *   <li>the AES-256-GCM key that seals secrets kept in the store, such as the CA's private key ({@link #seal}).
 * </ul>
 */
public final class MasterKey {
  public static final String FILE = "master.key";
  /** Prefix of a sealed value: version 1 is AES-256-GCM, 96-bit random nonce, 128-bit tag, base64 after the colon. */
  static final String SEALED_V1 = "weft-sealed-v1:";
  private static final int KEY_BYTES = 32;
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(MasterKey.class);

  private final byte[] key;
  private final Path file;

  private MasterKey(byte[] key, Path file) {
    this.key = key.clone();
    this.file = file;
  }

  /** A key held in memory only (tests, tools); {@link #file()} is null. */
  public static MasterKey of(byte[] key) {
    if (key.length != KEY_BYTES) {
      throw new IllegalArgumentException("master key: " + key.length + " bytes (expected: " + KEY_BYTES + ")");
    }
    return new MasterKey(key, null);
  }

  /** 32 new random bytes. */
  public static MasterKey generate() {
    byte[] bytes = new byte[KEY_BYTES];
    RANDOM.nextBytes(bytes);
    return new MasterKey(bytes, null);
  }

  /**
   * The key in {@code file}, or a new one written there (mode 0600 from the start, atomically: a reader sees no file
   * or the whole key). Two processes creating it at once end with one key: the second one reads the first's.
   *
   * @throws UncheckedIOException when the file cannot be read or written, or does not hold 32 bytes of base64
   */
  public static MasterKey loadOrCreate(Path file) {
    try {
      if (!Files.exists(file)) {
        create(file);
      }
      var mode = Files.getPosixFilePermissions(file);
      if (mode.stream().anyMatch(p -> p.name().startsWith("GROUP") || p.name().startsWith("OTHERS"))) {
        // Outside the data dir nobody fixes it (an operator's file): say so, loudly, and go on.
        LOG.warn("the master key {} is mode {}: other users may read it and open the CA's key in the store; "
            + "chmod 0600 it", file.toAbsolutePath(), PosixFilePermissions.toString(mode));
      }
      String text = Files.readString(file, StandardCharsets.US_ASCII).trim();
      byte[] bytes;
      try {
        bytes = Base64.getDecoder().decode(text);
      } catch (IllegalArgumentException e) {
        bytes = new byte[0];
      }
      if (bytes.length != KEY_BYTES) {
        throw new IOException(file + " does not hold a master key (expected: " + KEY_BYTES + " bytes in base64, "
            + "as `head -c 32 /dev/urandom | base64` makes; every member of a cluster needs the same one)");
      }
      return new MasterKey(bytes, file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or write the master key " + file + ": " + e.getMessage(), e);
    }
  }

  private static void create(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Path next = parent.resolve(file.getFileName() + "." + Long.toHexString(RANDOM.nextLong()) + ".next");
    Files.createFile(next, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    try {
      Files.writeString(next, generate().text() + "\n", StandardCharsets.US_ASCII);
      try {
        // A hard link never replaces: another process's key, written meanwhile, wins and is read.
        Files.createLink(file, next);
      } catch (FileAlreadyExistsException raced) {
        // theirs is read by the caller
      } catch (UnsupportedOperationException | IOException noLinks) {
        if (!Files.exists(file)) {
          Files.move(next, file, StandardCopyOption.ATOMIC_MOVE);
        }
      }
    } finally {
      Files.deleteIfExists(next);
    }
  }

  /** The key as it is written in the file: base64. */
  public String text() {
    return Base64.getEncoder().encodeToString(key);
  }

  /** Where the key was read from, or null for a key held in memory only. */
  public Path file() {
    return file;
  }

  /**
   * {@code weft-} and 32 hex digits: the first 16 bytes of HMAC-SHA256(key, "weft hazelcast cluster name v1"). Members
   * with another key have another name and Hazelcast refuses their join.
   */
  public String clusterName() {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      byte[] digest = mac.doFinal("weft hazelcast cluster name v1".getBytes(StandardCharsets.US_ASCII));
      return "weft-" + HexFormat.of().formatHex(digest, 0, 16);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JVM has no HmacSHA256", e);
    }
  }

  /**
   * {@code plain} encrypted and authenticated: {@code weft-sealed-v1:} and base64 of nonce, ciphertext and tag.
   *
   * @param label what the value is (the setting's key): bound to it as associated data, so a sealed value moved to
   *              another setting does not open
   */
  public String seal(String label, byte[] plain) {
    byte[] nonce = new byte[NONCE_BYTES];
    RANDOM.nextBytes(nonce);
    byte[] sealed = cipher(Cipher.ENCRYPT_MODE, nonce, label, plain);
    return SEALED_V1 + Base64.getEncoder().encodeToString(ByteBuffer.allocate(NONCE_BYTES + sealed.length)
        .put(nonce).put(sealed).array());
  }

  /** Whether {@code text} is a value {@link #seal} made (of any key). */
  public static boolean isSealed(String text) {
    return text.startsWith(SEALED_V1);
  }

  /**
   * The plain bytes of a value {@link #seal} made with this key and label.
   *
   * @throws WrongKeyException when it was sealed with another key or label, or was changed
   * @throws IllegalArgumentException when {@code text} is not a sealed value
   */
  public byte[] open(String label, String text) {
    if (!isSealed(text)) {
      throw new IllegalArgumentException("sealed value: " + text.substring(0, Math.min(16, text.length()))
          + "… (expected: " + SEALED_V1 + "BASE64)");
    }
    byte[] all = Base64.getDecoder().decode(text.substring(SEALED_V1.length()).trim());
    if (all.length < NONCE_BYTES + TAG_BITS / 8) {
      throw new IllegalArgumentException("sealed value: " + all.length + " bytes (expected: at least "
          + (NONCE_BYTES + TAG_BITS / 8) + ")");
    }
    byte[] nonce = java.util.Arrays.copyOfRange(all, 0, NONCE_BYTES);
    byte[] sealed = java.util.Arrays.copyOfRange(all, NONCE_BYTES, all.length);
    return cipher(Cipher.DECRYPT_MODE, nonce, label, sealed);
  }

  private byte[] cipher(int mode, byte[] nonce, String label, byte[] input) {
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(label.getBytes(StandardCharsets.UTF_8));
      return cipher.doFinal(input);
    } catch (AEADBadTagException e) {
      throw new WrongKeyException(label);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-256-GCM failed: " + e.getMessage(), e);
    }
  }

  /** A sealed value that this key does not open: sealed with another master key, or changed since. */
  public static final class WrongKeyException extends RuntimeException {
    WrongKeyException(String label) {
      super(label + ": sealed with another master key (or changed)");
    }
  }
}
