package org.zennet.cli.chain;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code zennet chain}: the chain Zennet runs on. */
@Command(name = "chain", mixinStandardHelpOptions = true,
    description = "Generate, start, stop and deploy to the chain Zennet runs on (anvil for development, Besu QBFT for production).",
    subcommands = {ChainInitCommand.class, ChainUpCommand.class, ChainDownCommand.class, ChainDeployCommand.class,
        ChainTransitionCommand.class})
public final class ChainCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "Missing a subcommand: which one?");
  }
}
