package org.zennet.cli.task;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code zennet task}: WebAssembly tasks, run locally. */
@Command(name = "task", mixinStandardHelpOptions = true,
    description = "Run WebAssembly tasks locally in the provider's sandbox, metered by fuel (see docs/runtime.md).",
    subcommands = {TaskRunCommand.class, TaskSamplesCommand.class})
public final class TaskCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "Missing a subcommand: which one?");
  }
}
