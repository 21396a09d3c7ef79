package dev.weft.agent.dataplane.linux;

import dev.weft.agent.dataplane.DataPlaneException;
import dev.weft.agent.wireguard.WireGuardKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;

/**
 * Finds out which WireGuard this host has, never assuming: the kernel module when a {@code type wireguard} link can
 * be made (a module that loads on demand counts), else {@code wireguard-go} and {@code wg} on the PATH, else none.
 * {@code wg} is needed either way: it configures both.
 */
public final class WireGuardProbe {
  private static final String PROBE_LINK = "weft-wgprobe";

  private final CommandRunner runner;
  private final Predicate<String> onPath;

  public WireGuardProbe(CommandRunner runner, Predicate<String> onPath) {
    this.runner = runner;
    this.onPath = onPath;
  }

  /** The real probe: processes in this namespace, the PATH of this process. */
  public static WireGuardProbe local() {
    return new WireGuardProbe(CommandRunner.local(), WireGuardProbe::onSystemPath);
  }

  public WireGuardKind detect() {
    if (!onPath.test("wg")) {
      return WireGuardKind.NONE;
    }
    if (kernelLinkWorks()) {
      return WireGuardKind.KERNEL;
    }
    return onPath.test("wireguard-go") ? WireGuardKind.USERSPACE : WireGuardKind.NONE;
  }

  private boolean kernelLinkWorks() {
    try {
      CommandResult made = runner.run(List.of("ip", "link", "add", PROBE_LINK, "type", "wireguard"), null);
      if (made.ok()) {
        runner.run(List.of("ip", "link", "del", PROBE_LINK), null);
        return true;
      }
      return false;
    } catch (DataPlaneException e) {
      return false;
    }
  }

  static boolean onSystemPath(String program) {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String dir : path.split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
        return true;
      }
    }
    return false;
  }
}
