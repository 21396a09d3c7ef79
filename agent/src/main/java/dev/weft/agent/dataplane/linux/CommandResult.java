package dev.weft.agent.dataplane.linux;

import dev.weft.agent.dataplane.DataPlaneException;
import java.util.List;

/**
 * The outcome of one finished process.
 *
 * @param argv     the command that ran
 * @param exitCode its exit status
 * @param stdout   everything it wrote to standard output
 * @param stderr   everything it wrote to standard error
 */
public record CommandResult(List<String> argv, int exitCode, String stdout, String stderr) {
  public CommandResult {
    argv = List.copyOf(argv);
  }

  public boolean ok() {
    return exitCode == 0;
  }

  /** Returns this result when the exit status is 0, else throws a {@link DataPlaneException} naming the command. */
  public CommandResult orThrow() {
    if (!ok()) {
      throw new DataPlaneException(describe());
    }
    return this;
  }

  /** One line for errors and logs: the command, its exit status and its stderr. */
  public String describe() {
    return String.join(" ", argv) + " exited " + exitCode + ": " + stderr.strip();
  }
}
