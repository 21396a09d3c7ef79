package dev.weft.agent.dataplane.linux;

import dev.weft.agent.wireguard.WireGuardPlanner;
import dev.weft.agent.wireguard.WireGuardSpec;

/**
 * The host's one WireGuard interface (issue 6) as {@link LinuxDataPlane} drives it, under its lock; made by
 * {@code dev.weft.agent.dataplane.linux.WireGuardDevice}, so that the WireGuard kernel code lives with the rest of
 * WireGuard and this package does not depend on it.
 */
public interface WireGuardLink {

  /** Makes the interface of {@code name} that commands run through {@code runner} and {@code ip} change. */
  @FunctionalInterface
  interface Factory {
    WireGuardLink open(String name, CommandRunner runner, IpCommand ip);
  }

  /**
   * The interface as it is now.
   *
   * @return null when it does not exist
   * @throws dev.weft.agent.dataplane.DataPlaneException when it cannot be read
   */
  WireGuardPlanner.Actual read();

  /**
   * Makes, addresses and configures the interface as {@code spec} says (safe to call again: changes only what
   * differs).
   *
   * @throws dev.weft.agent.dataplane.DataPlaneException naming the command that failed and its stderr
   */
  void apply(WireGuardSpec spec);

  /** Removes the interface; nothing when there is none. @throws dev.weft.agent.dataplane.DataPlaneException on failure */
  void remove();
}
