package dev.weft.cli.commands;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** A command that only groups subcommands: run without one, it is a usage error (exit 2). */
abstract class GroupCommand implements Runnable {
  @Spec
  CommandSpec groupSpec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(groupSpec.commandLine(),
        "missing command (expected one of: " + String.join(", ", groupSpec.subcommands().keySet()) + ")");
  }
}
