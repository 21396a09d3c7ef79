package dev.weft.cli.commands;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.cli.http.ApiException;
import dev.weft.cli.http.ApiResponse;
import dev.weft.cli.http.Paths;
import dev.weft.cli.output.Views;
import dev.weft.common.model.Endpoint;
import dev.weft.common.model.Network;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/** {@code weft network create|ls|inspect|rm} over {@code /v1/networks}. */
@Command(name = "network", description = "Create, list, inspect and remove overlay networks.",
    subcommands = {NetworkCommand.Create.class, NetworkCommand.Ls.class, NetworkCommand.Inspect.class,
        NetworkCommand.Rm.class})
final class NetworkCommand extends GroupCommand {

  @Command(name = "create", description = "Create a network; the coordinator picks what is not given.")
  static final class Create extends ApiCommand {
    @Parameters(paramLabel = "NAME", description = "network name (a DNS label)")
    String name;

    @Option(names = "--subnet", paramLabel = "CIDR", description = "IPv4 subnet (default: from the subnet pool)")
    String subnet;

    @Option(names = "--vni", paramLabel = "N", description = "VXLAN network identifier (default: from the VNI range)")
    Integer vni;

    @Option(names = "--mtu", paramLabel = "N",
        description = "container interface MTU (default: the underlay's minus overhead)")
    Integer mtu;

    @Option(names = "--encrypted", description = "encrypt traffic between hosts")
    boolean encrypted;

    @Option(names = "--label", paramLabel = "KEY=VALUE", description = "a label; repeat for more")
    List<String> labels = new ArrayList<>();

    @Option(names = "--block-prefix", paramLabel = "N", description = "prefix length of per-host address blocks")
    Integer blockPrefix;

    @Override
    public Integer call() {
      ObjectNode body = root().mapper().createObjectNode().put("name", name);
      if (subnet != null) {
        body.put("subnet", subnet);
      }
      if (vni != null) {
        body.put("vni", vni);
      }
      if (mtu != null) {
        body.put("mtu", mtu);
      }
      if (encrypted) {
        body.put("encrypted", true);
      }
      if (!labels.isEmpty()) {
        ObjectNode node = body.putObject("labels");
        labels(labels).forEach(node::put);
      }
      if (blockPrefix != null) {
        body.put("blockPrefix", blockPrefix);
      }
      ApiResponse response = api().post("/v1/networks", body);
      return show(response, () -> Views.network(read(response, Network.class, "POST /v1/networks"), null));
    }

    private Map<String, String> labels(List<String> values) {
      Map<String, String> map = new LinkedHashMap<>();
      for (String value : values) {
        int eq = value.indexOf('=');
        if (eq <= 0) {
          throw new ParameterException(spec.commandLine(), "--label: \"" + value + "\" (expected: KEY=VALUE)");
        }
        map.put(value.substring(0, eq), value.substring(eq + 1));
      }
      return map;
    }
  }

  @Command(name = "ls", aliases = "list", description = "List the networks.")
  static final class Ls extends ApiCommand {
    @Override
    public Integer call() {
      ApiResponse response = api().get("/v1/networks");
      return show(response, () -> Views.networks(readList(response, Network.class, "GET /v1/networks")));
    }
  }

  @Command(name = "inspect", description = "Show a network and its endpoints.")
  static final class Inspect extends ApiCommand {
    @Parameters(paramLabel = "NAME")
    String name;

    @Override
    public Integer call() {
      String path = Paths.of("v1", "networks", name);
      ApiResponse response = api().get(path);
      if (json()) {
        printJson(response);
        return 0;
      }
      Network network = read(response, Network.class, "GET " + path);
      ApiResponse endpoints = api().get(path + "/endpoints");
      out().print(Views.network(network, readList(endpoints, Endpoint.class, "GET " + path + "/endpoints")));
      return 0;
    }
  }

  @Command(name = "rm", aliases = "remove", description = "Remove a network.")
  static final class Rm extends ApiCommand {
    @Parameters(paramLabel = "NAME")
    String name;

    @Option(names = "--force", description = "remove it even while containers are attached")
    boolean force;

    @Override
    public Integer call() {
      try {
        api().delete(Paths.of("v1", "networks", name) + (force ? "?force=true" : ""));
      } catch (ApiException e) {
        if (e.status() == 409 && !force) {
          throw new ApiException(409, e.getMessage() + " (use --force to remove it anyway)");
        }
        throw e;
      }
      if (!json()) {
        out().println("removed network " + name);
      }
      return 0;
    }
  }
}
