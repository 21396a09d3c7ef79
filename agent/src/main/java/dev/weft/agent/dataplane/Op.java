package dev.weft.agent.dataplane;

/**
 * One line of an {@code ip -batch} or {@code bridge -batch} script, and where it runs.
 *
 * @param where the namespace
 * @param tool  {@code ip} or {@code bridge}
 * @param line  the command without the program name, e.g. {@code link set br300 up}
 * @param guarded run only if the batch before this operation's batch succeeded (a commit marker, such as the alias
 *                that records a finished attachment, must not be written after a failed step)
 */
public record Op(Where where, Tool tool, String line, boolean guarded) {
  public enum Tool { IP, BRIDGE }

  public static Op ip(Where where, String line) {
    return new Op(where, Tool.IP, line, false);
  }

  public static Op bridge(Where where, String line) {
    return new Op(where, Tool.BRIDGE, line, false);
  }

  /** An {@code ip} operation that runs only when the batch before it succeeded. */
  public static Op ipIfPreviousSucceeded(Where where, String line) {
    return new Op(where, Tool.IP, line, true);
  }

  @Override
  public String toString() {
    return "[" + where + "] " + tool.name().toLowerCase() + " " + line + (guarded ? " (if previous succeeded)" : "");
  }
}
