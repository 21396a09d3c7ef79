package dev.weft.coordinator.config;

import dev.weft.common.net.Cidr;
import java.time.Duration;

/**
 * Encrypted transport settings (issue 6).
 *
 * @param tunnelPool  where host tunnel addresses come from ({@code --tunnel-pool}); must not overlap the subnet pool
 * @param pskRotation how old a pair's pre-shared key gets before it is replaced ({@code --psk-rotation})
 */
public record KeyConfig(Cidr tunnelPool, Duration pskRotation) {
  /** 198.18.0.0/15 (RFC 2544 benchmarking space): clear of Weft's, Docker's and Swarm's default pools. */
  public static final KeyConfig DEFAULTS = new KeyConfig(Cidr.parse("198.18.0.0/15"), Duration.ofHours(24));

  public KeyConfig {
    if (tunnelPool.prefix() > 30) {
      throw new IllegalArgumentException("tunnelPool: " + tunnelPool + " (expected: a prefix of at most /30)");
    }
    if (pskRotation.isNegative() || pskRotation.isZero()) {
      throw new IllegalArgumentException("pskRotation: " + pskRotation + " (expected: a positive duration)");
    }
  }
}
