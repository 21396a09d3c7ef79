package dev.weft.cli.commands;

import dev.weft.cli.http.ApiResponse;
import dev.weft.cli.http.Paths;
import dev.weft.cli.output.Views;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code weft service attach|detach|ls} over {@code /v1/networks/{name}/services} (issue 5). */
@Command(name = "service", description = "Attach Swarm services to networks: every task joins, wherever it runs.",
    subcommands = {ServiceCommand.Attach.class, ServiceCommand.Detach.class, ServiceCommand.Ls.class})
final class ServiceCommand extends GroupCommand {

  @Command(name = "attach", description = "Attach a Swarm service to a network (nothing changes if it already is).")
  static final class Attach extends ApiCommand {
    @Parameters(index = "0", paramLabel = "NETWORK")
    String network;

    @Parameters(index = "1", paramLabel = "SERVICE")
    String service;

    @Override
    public Integer call() {
      ApiResponse response = api().put(Paths.of("v1", "networks", network, "services", service));
      return showLine(response, () -> response.status() == 201
          ? "attached service " + service + " to network " + network
          : "service " + service + " was already attached to network " + network);
    }
  }

  @Command(name = "detach", description = "Detach a Swarm service from a network; its tasks leave it.")
  static final class Detach extends ApiCommand {
    @Parameters(index = "0", paramLabel = "NETWORK")
    String network;

    @Parameters(index = "1", paramLabel = "SERVICE")
    String service;

    @Override
    public Integer call() {
      ApiResponse response = api().delete(Paths.of("v1", "networks", network, "services", service));
      return showLine(response, () -> "detached service " + service + " from network " + network);
    }
  }

  @Command(name = "ls", aliases = "list",
      description = "List the services attached to a network, where each task is attached and which are pending.")
  static final class Ls extends ApiCommand {
    @Parameters(paramLabel = "NETWORK")
    String network;

    @Override
    public Integer call() {
      String path = Paths.of("v1", "networks", network, "services");
      ApiResponse response = api().get(path);
      return show(response, () -> Views.services(readTree(response, "GET " + path)));
    }
  }
}
