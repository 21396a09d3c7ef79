package dev.weft.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.cli.http.ApiException;
import dev.weft.cli.http.ApiResponse;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code weft ca show|rotate|retire} over {@code /v1/ca} (issue 12: rotating the cluster CA). */
@Command(name = "ca", description = "Show the cluster CA, stage a new one, retire the old one.",
    subcommands = {CaCommand.Show.class, CaCommand.Rotate.class, CaCommand.Retire.class})
final class CaCommand extends GroupCommand {

  /** {@code current sha256:… (N hosts)} and, when staged, {@code next sha256:… (N hosts)}; JSON with --json. */
  static void print(ApiCommand command, ApiResponse response, String call) {
    if (command.json()) {
      command.printJson(response);
      return;
    }
    JsonNode body = command.readTree(response, call);
    line(command, "current", body.path("current"));
    if (body.path("next").isObject()) {
      line(command, "next", body.path("next"));
    }
    if (body.path("otherHosts").asInt() > 0) {
      command.out().println("other   " + body.path("otherHosts").asInt() + " host(s) on neither CA");
    }
    if (body.path("hostsToJoinAgain").isArray() && !body.path("hostsToJoinAgain").isEmpty()) {
      command.out().println("join again: " + body.path("hostsToJoinAgain"));
    }
  }

  private static void line(ApiCommand command, String label, JsonNode ca) {
    command.out().printf("%-7s sha256:%s  %s  until %s  %d host(s)%n", label, ca.path("fingerprint").asText(),
        ca.path("subject").asText(), ca.path("notAfter").asText(), ca.path("hosts").asInt());
  }

  @Command(name = "show", description = "The cluster CA, a staged one, and how many hosts hold certificates of each.")
  static final class Show extends ApiCommand {
    @Override
    public Integer call() {
      print(this, api().get("/v1/ca"), "GET /v1/ca");
      return 0;
    }
  }

  @Command(name = "rotate", description = "Stage a new CA: both trusted, hosts renew to the new one at once.")
  static final class Rotate extends ApiCommand {
    @Override
    public Integer call() {
      print(this, api().post("/v1/ca/rotate", null), "POST /v1/ca/rotate");
      if (!json()) {
        err().println("weft: a new CA is staged; when `weft ca show` shows no host left on the current one, "
            + "run `weft ca retire`");
      }
      return 0;
    }
  }

  @Command(name = "retire", description = "Retire the old CA: the staged one becomes the cluster CA; the join token "
      + "changes.")
  static final class Retire extends ApiCommand {
    @Option(names = "--force", description = "retire even while hosts still hold certificates of the old CA")
    boolean force;

    @Override
    public Integer call() {
      ApiResponse response;
      try {
        response = api().post("/v1/ca/retire" + (force ? "?force=true" : ""), null);
      } catch (ApiException e) {
        if (e.status() == 409 && !force && e.getMessage().contains("still hold")) {
          throw new ApiException(409, e.getMessage() + " (use --force to retire it anyway)");
        }
        throw e;
      }
      print(this, response, "POST /v1/ca/retire");
      if (!json()) {
        err().println("weft: the old CA is retired; the join token changed (weft join-token show), and ca.pem in "
            + "the data dir holds the new CA");
      }
      return 0;
    }
  }
}
