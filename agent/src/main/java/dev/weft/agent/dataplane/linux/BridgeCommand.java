package dev.weft.agent.dataplane.linux;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.agent.dataplane.Where;
import java.util.List;

/** {@code bridge} from iproute2: FDB reads and batch scripts, in any namespace via {@code nsenter --net=}. */
final class BridgeCommand {
  private final CommandRunner runner;

  BridgeCommand(CommandRunner runner) {
    this.runner = runner;
  }

  /** {@code bridge -j fdb show}: every FDB entry in the namespace. */
  JsonNode fdbShow(Where where) {
    CommandResult result = runner.run(Tools.argv(where, "bridge", "-j", "fdb", "show"), null).orThrow();
    List<JsonNode> values = IprouteJson.values(result.stdout());
    return values.isEmpty() ? null : values.get(0);
  }

  /** Runs {@code lines} in one {@code bridge -force -batch -}. */
  CommandResult batch(Where where, List<String> lines) {
    return runner.run(Tools.argv(where, "bridge", "-force", "-batch", "-"), IpCommand.script(lines));
  }
}
