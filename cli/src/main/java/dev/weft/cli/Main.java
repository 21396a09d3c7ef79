package dev.weft.cli;

import java.io.PrintWriter;

/** {@code weft ...}: see cli/README.md and {@code weft --help}. */
public final class Main {
  private Main() {
  }

  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(System.out, false);
    PrintWriter err = new PrintWriter(System.err, false);
    System.exit(Cli.run(args, CliEnvironment.system(), out, err));
  }
}
