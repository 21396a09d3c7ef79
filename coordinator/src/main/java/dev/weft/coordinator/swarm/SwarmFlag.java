package dev.weft.coordinator.swarm;

import dev.weft.common.flags.Flag;
import dev.weft.common.flags.FlagTable;
import dev.weft.common.flags.Parsers;
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
  static final Flag<String> MANAGER = Flag.value("swarm-manager", Parsers.text(
          url -> url.startsWith("unix:///") || url.matches("tcp://[^/\\s]+:\\d{1,5}/?"),
          "unix:///path/to/docker.sock or tcp://HOST:PORT"))
      .metavar("URL").help("Docker Swarm manager to ask about services and tasks: unix:///var/run/docker.sock or "
          + "tcp://HOST:PORT; without it rules accept any service name").shownDefault("none").build();

  /** The one-flag table; its flag is taken out of the arguments, the rest left for {@code ConfigParser}. */
  public static final FlagTable TABLE = new FlagTable("", new FlagTable.Style(false, "expected: --flag VALUE", null),
      List.of(MANAGER));

  /** The usage lines of the flag, to follow {@code ConfigParser.usage()}. */
  public static String usage() {
    return TABLE.usage();
  }

  /** @throws IllegalArgumentException on a missing or malformed value, naming the flag, value and what was expected */
  public static SwarmFlag split(List<String> args, Map<String, String> env) {
    FlagTable.Extracted extracted = TABLE.extract(args, env);
    return new SwarmFlag(extracted.values().get(MANAGER), extracted.rest());
  }

  /** A manager for {@link #url}, or {@link SwarmManager#NONE}. */
  public SwarmManager manager() {
    return url == null ? SwarmManager.NONE : new DockerSwarmManager(url);
  }
}
