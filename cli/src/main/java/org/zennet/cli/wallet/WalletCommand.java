package org.zennet.cli.wallet;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code zennet wallet}: keys and XEN. */
@Command(name = "wallet", mixinStandardHelpOptions = true,
    description = "Create keys (encrypted Web3j/Ethereum keystore files) and move XEN.",
    subcommands = {WalletNewCommand.class, WalletBalanceCommand.class, WalletTransferCommand.class})
public final class WalletCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "Missing a subcommand: which one?");
  }
}
