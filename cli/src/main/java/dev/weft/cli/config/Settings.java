package dev.weft.cli.config;

import java.net.URI;

/**
 * Where the coordinator is and how to authenticate, with where each came from (for error messages).
 *
 * @param coordinator       base URL without a trailing slash, never null
 * @param coordinatorSource {@code --coordinator}, {@code WEFT_COORDINATOR}, a config file path or {@code default}
 * @param token             the bearer token, or null when none was found anywhere
 * @param tokenSource       like {@code coordinatorSource}, or null when {@code token} is null
 * @param caCert            the CA certificate (PEM) an https coordinator must be signed by, or null for the JDK's
 *                          trusted CAs (issue 6)
 * @param caCertSource      like {@code coordinatorSource}, or null when {@code caCert} is null
 */
public record Settings(URI coordinator, String coordinatorSource, String token, String tokenSource,
                       java.nio.file.Path caCert, String caCertSource) {
  public Settings(URI coordinator, String coordinatorSource, String token, String tokenSource) {
    this(coordinator, coordinatorSource, token, tokenSource, null, null);
  }
}
