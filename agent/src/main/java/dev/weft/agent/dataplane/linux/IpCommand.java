package dev.weft.agent.dataplane.linux;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.agent.dataplane.Where;
import java.util.List;

/** {@code ip} from iproute2: JSON reads and batch scripts, in any namespace via {@code nsenter --net=}. */
public final class IpCommand {
  private final CommandRunner runner;

  public IpCommand(CommandRunner runner) {
    this.runner = runner;
  }

  /**
   * Runs read-only commands (e.g. {@code link show}, {@code neigh show}) in one {@code ip -j -d -batch -} process and
   * returns the JSON value each printed, in order.
   */
  public List<JsonNode> showJson(Where where, List<String> commands) {
    return IprouteJson.values(show(where, commands).orThrow().stdout());
  }

  /** Like {@link #showJson} but returns the raw result, failed or not, for callers that tell failures apart. */
  public CommandResult show(Where where, List<String> commands) {
    return runner.run(argv(where, "-j", "-d", "-batch", "-"), script(commands));
  }

  /** Runs {@code lines} in one {@code ip -force -batch -}: every line is tried, the result reports any failure. */
  public CommandResult batch(Where where, List<String> lines) {
    return runner.run(argv(where, "-force", "-batch", "-"), script(lines));
  }

  static List<String> argv(Where where, String... args) {
    return Tools.argv(where, "ip", args);
  }

  static String script(List<String> lines) {
    return String.join("\n", lines) + "\n";
  }
}
