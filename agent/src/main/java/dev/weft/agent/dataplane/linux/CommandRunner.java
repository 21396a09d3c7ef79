package dev.weft.agent.dataplane.linux;

import dev.weft.agent.dataplane.DataPlaneException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a tool as a process. The real agent uses {@link #local()}: it already runs in its host's network namespace.
 * Tests and the lab use {@link #inNetns(String)} to act as an agent of a host that is itself a network namespace.
 */
public interface CommandRunner {

  /**
   * Runs {@code argv} to completion and returns its result whatever its exit status.
   *
   * @param argv  program and arguments, never passed through a shell
   * @param stdin text written to the process's standard input, then closed; null or empty for none
   * @throws DataPlaneException when the process cannot start, or does not finish within the runner's timeout
   */
  CommandResult run(List<String> argv, String stdin);

  /** Plain processes in this process's own namespaces, with a 30 s timeout per command. */
  static CommandRunner local() {
    return new ProcessCommandRunner(Duration.ofSeconds(30));
  }

  /**
   * A runner whose commands run inside the network namespace at {@code netnsPath} (for example
   * {@code /var/run/netns/lab-h1}) through {@code nsenter --net=PATH}. {@code ip netns exec} is avoided on purpose:
   * it remounts /sys, which breaks things in the lab.
   */
  default CommandRunner inNetns(String netnsPath) {
    if (netnsPath == null || netnsPath.isBlank() || netnsPath.chars().anyMatch(Character::isWhitespace)) {
      throw new IllegalArgumentException("netnsPath: '" + netnsPath + "' (expected: a path without spaces)");
    }
    CommandRunner outer = this;
    return (argv, stdin) -> {
      List<String> wrapped = new ArrayList<>(argv.size() + 2);
      wrapped.add("nsenter");
      wrapped.add("--net=" + netnsPath);
      wrapped.addAll(argv);
      return outer.run(wrapped, stdin);
    };
  }
}
