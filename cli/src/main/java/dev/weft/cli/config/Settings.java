package dev.weft.cli.config;

import java.net.URI;

/**
 * Where the coordinator is and how to authenticate, with where each came from (for error messages).
 *
 * @param coordinator       base URL without a trailing slash, never null
 * @param coordinatorSource {@code --coordinator}, {@code WEFT_COORDINATOR}, a config file path or {@code default}
 * @param token             the bearer token, or null when none was found anywhere
 * @param tokenSource       like {@code coordinatorSource}, or null when {@code token} is null
 */
public record Settings(URI coordinator, String coordinatorSource, String token, String tokenSource) {
}
