package dev.weft.cli.commands;

import dev.weft.cli.http.ApiResponse;
import dev.weft.cli.http.Paths;
import dev.weft.cli.output.Views;
import dev.weft.common.model.Host;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code weft host ls|inspect|rm} over {@code /v1/hosts}. */
@Command(name = "host", description = "List, inspect and remove (revoke) Docker hosts running an agent.",
    subcommands = {HostCommand.Ls.class, HostCommand.Inspect.class, HostCommand.Rm.class})
final class HostCommand extends GroupCommand {

  @Command(name = "ls", aliases = "list", description = "List the hosts.")
  static final class Ls extends ApiCommand {
    @Override
    public Integer call() {
      ApiResponse response = api().get("/v1/hosts");
      return show(response, () -> Views.hosts(readList(response, Host.class, "GET /v1/hosts")));
    }
  }

  @Command(name = "inspect", description = "Show a host: status, underlay, interfaces, Docker and Swarm, errors.")
  static final class Inspect extends ApiCommand {
    @Parameters(paramLabel = "ID")
    String id;

    @Override
    public Integer call() {
      String path = Paths.of("v1", "hosts", id);
      ApiResponse response = api().get(path);
      return show(response, () -> Views.host(read(response, Host.class, "GET " + path)));
    }
  }

  @Command(name = "rm", aliases = "remove",
      description = "Remove a host and revoke its credential; it needs a fresh join token to come back.")
  static final class Rm extends ApiCommand {
    @Parameters(paramLabel = "ID")
    String id;

    @Override
    public Integer call() {
      api().delete(Paths.of("v1", "hosts", id));
      if (!json()) {
        out().println("removed host " + id);
      }
      return 0;
    }
  }
}
