package dev.weft.cli;

import dev.weft.cli.commands.WeftCommand;
import java.io.PrintWriter;
import picocli.CommandLine;

/** Runs one {@code weft} command line: parse, call the API, print, and map every failure to an exit code. */
public final class Cli {
  private Cli() {
  }

  /** The command tree, for {@code completion} and for tests. */
  public static CommandLine commandLine(CliEnvironment environment) {
    CommandLine commandLine = new CommandLine(new WeftCommand(environment));
    commandLine.setCaseInsensitiveEnumValuesAllowed(true);
    return commandLine;
  }

  /**
   * @param args the arguments after {@code weft}
   * @param out  where results go
   * @param err  where {@code weft: <message>} errors and usage help for a usage error go
   * @return one of {@link ExitCodes} (0 for --help and --version)
   */
  public static int run(String[] args, CliEnvironment environment, PrintWriter out, PrintWriter err) {
    CommandLine commandLine = commandLine(environment);
    commandLine.setOut(out);
    commandLine.setErr(err);
    commandLine.setParameterExceptionHandler((e, args1) -> {
      CommandLine failed = e.getCommandLine();
      err.println("weft: " + e.getMessage());
      CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
      err.println("see '" + failed.getCommandSpec().qualifiedName() + " --help'");
      return ExitCodes.USAGE;
    });
    commandLine.setExecutionExceptionHandler((e, failed, parseResult) -> {
      if (e instanceof CliException cli) {
        err.println("weft: " + cli.getMessage());
        return cli.exitCode();
      }
      if (e instanceof CommandLine.ParameterException parameter) {
        return commandLine.getParameterExceptionHandler().handleParseException(parameter, args);
      }
      err.println("weft: unexpected error: " + e);
      if (environment.get("WEFT_DEBUG") != null) {
        e.printStackTrace(err);
      }
      return ExitCodes.FAILED;
    });
    try {
      return commandLine.execute(args);
    } finally {
      out.flush();
      err.flush();
    }
  }
}
