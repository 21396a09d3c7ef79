package dev.weft.agent.dataplane;

/**
 * One line of an {@code ip -batch} or {@code bridge -batch} script, and where it runs.
 *
 * @param where the namespace
 * @param tool  {@code ip} or {@code bridge}
 * @param line  the command without the program name, e.g. {@code link set br300 up}
 */
public record Op(Where where, Tool tool, String line) {
  public enum Tool { IP, BRIDGE }

  public static Op ip(Where where, String line) {
    return new Op(where, Tool.IP, line);
  }

  public static Op bridge(Where where, String line) {
    return new Op(where, Tool.BRIDGE, line);
  }

  @Override
  public String toString() {
    return "[" + where + "] " + tool.name().toLowerCase() + " " + line;
  }
}
