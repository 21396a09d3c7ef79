package dev.weft.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;

/** Runs the CLI in-process with a given environment and captures exit code, stdout and stderr. */
record CliRun(int exit, String out, String err) {
  static CliRun run(Map<String, String> env, Path home, Path cwd, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = Cli.run(args, new CliEnvironment(env, home, cwd), new PrintWriter(out), new PrintWriter(err));
    return new CliRun(exit, out.toString(), err.toString());
  }

  /** Splits a command line on spaces; arguments in tests never contain one. */
  static String[] args(String line) {
    return line.isBlank() ? new String[0] : line.trim().split(" +");
  }
}
