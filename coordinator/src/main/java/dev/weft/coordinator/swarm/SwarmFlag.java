package dev.weft.coordinator.swarm;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code --swarm-manager URL} ({@code WEFT_SWARM_MANAGER}), taken out of the arguments before the rest are parsed: the
 * Swarm manager the coordinator asks about services and tasks. Absent means none.
 *
 * @param url  {@code unix:///…} or {@code tcp://HOST:PORT}, or null
 * @param rest the other arguments, in order
 */
public record SwarmFlag(String url, List<String> rest) {
  static final String FLAG = "--swarm-manager";
  static final String ENV = "WEFT_SWARM_MANAGER";

  /** The usage lines of the flag, in {@code ConfigParser.usage()}'s layout. */
  public static String usage() {
    return String.format("  --%-19s %s%n  %-21s   env: %s%n", "swarm-manager",
        "Docker Swarm manager to ask about services and tasks: unix:///var/run/docker.sock or tcp://HOST:PORT "
            + "(default: none; rules then accept any service name)", "", ENV);
  }

  /** @throws IllegalArgumentException on a missing or malformed value, naming the flag, value and what was expected */
  public static SwarmFlag split(List<String> args, Map<String, String> env) {
    String url = env.get(ENV);
    url = url == null || url.isBlank() ? null : url.trim();
    List<String> rest = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (arg.equals(FLAG)) {
        if (i + 1 >= args.size()) {
          throw new IllegalArgumentException(FLAG + ": missing value");
        }
        url = args.get(++i);
      } else if (arg.startsWith(FLAG + "=")) {
        url = arg.substring(FLAG.length() + 1);
      } else {
        rest.add(arg);
      }
    }
    if (url != null && !(url.startsWith("unix:///") || url.matches("tcp://[^/\\s]+:\\d{1,5}/?"))) {
      throw new IllegalArgumentException(FLAG + ": " + url
          + " (expected: unix:///path/to/docker.sock or tcp://HOST:PORT)");
    }
    return new SwarmFlag(url, List.copyOf(rest));
  }

  /** A manager for {@link #url}, or {@link SwarmManager#NONE}. */
  public SwarmManager manager() {
    return url == null ? SwarmManager.NONE : new DockerSwarmManager(url);
  }
}
