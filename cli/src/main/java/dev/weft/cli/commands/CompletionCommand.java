package dev.weft.cli.commands;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code weft completion}: the bash (and zsh, through bashcompinit) completion script. */
@Command(name = "completion", description = {"Print a bash completion script: source <(weft completion)",
    "or install it: weft completion > /etc/bash_completion.d/weft"})
final class CompletionCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().getOut().print(AutoComplete.bash("weft", spec.root().commandLine()));
    return 0;
  }
}
