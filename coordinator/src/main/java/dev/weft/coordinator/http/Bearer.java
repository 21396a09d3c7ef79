package dev.weft.coordinator.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** Checking {@code Authorization: Bearer <token>} headers in constant time. */
public final class Bearer {
  private static final String PREFIX = "Bearer ";

  private Bearer() {
  }

  /** Whether {@code header} is {@code Bearer <expected>}; false for null. */
  public static boolean matches(String header, String expected) {
    if (header == null || !header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
      return false;
    }
    byte[] given = header.substring(PREFIX.length()).trim().getBytes(StandardCharsets.UTF_8);
    return MessageDigest.isEqual(given, expected.getBytes(StandardCharsets.UTF_8));
  }
}
