package dev.weft.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.cli.CliException;
import dev.weft.cli.ExitCodes;
import dev.weft.cli.http.ApiResponse;
import picocli.CommandLine.Command;

/** {@code weft join-token show|rotate} over {@code /v1/join-token} (issue 6). */
@Command(name = "join-token", description = "Show or rotate the token agents join with.",
    subcommands = {JoinTokenCommand.Show.class, JoinTokenCommand.Rotate.class})
final class JoinTokenCommand extends GroupCommand {

  /** The token alone on stdout, so that {@code --join-token "$(weft join-token show)"} works. */
  static void printToken(ApiCommand command, ApiResponse response, String call) {
    if (command.json()) {
      command.printJson(response);
      return;
    }
    JsonNode token = command.readTree(response, call).path("token");
    if (!token.isTextual() || token.asText().isBlank()) {
      throw new CliException(ExitCodes.FAILED, "unexpected answer to " + call + ": no token (use --json to see it)");
    }
    command.out().println(token.asText());
  }

  @Command(name = "show", description = "Print the current join token.")
  static final class Show extends ApiCommand {
    @Override
    public Integer call() {
      printToken(this, api().get("/v1/join-token"), "GET /v1/join-token");
      return 0;
    }
  }

  @Command(name = "rotate", description = "Make a new join token; hosts that joined already are not affected.")
  static final class Rotate extends ApiCommand {
    @Override
    public Integer call() {
      printToken(this, api().post("/v1/join-token/rotate", null), "POST /v1/join-token/rotate");
      if (!json()) {
        err().println("weft: a new join token is in effect; hosts that joined already are not affected");
      }
      return 0;
    }
  }
}
