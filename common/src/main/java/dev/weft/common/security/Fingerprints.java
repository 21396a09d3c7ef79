package dev.weft.common.security;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 fingerprints of certificates, as lowercase hex: the form join tokens and log lines use. */
public final class Fingerprints {
  private Fingerprints() {
  }

  /** The SHA-256 of {@code der} (a certificate's DER encoding), 64 lowercase hex digits. */
  public static String sha256(byte[] der) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(der));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
