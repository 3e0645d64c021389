package org.zennet.cli.peer;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.zennet.cli.wallet.Accounts;
import org.zennet.cli.wallet.PasswordOptions;
import org.zennet.protocol.identity.HostKey;
import org.zennet.protocol.identity.Secp256k1HostKey;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code zennet peer id}. */
@Command(name = "id", mixinStandardHelpOptions = true,
    description = "Print the libp2p PeerId of an account's key (first line) and the account it belongs to (second line).")
public final class PeerIdCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--keystore", paramLabel = "FILE", required = true, description = "The account's Web3j keystore.")
  Path keystore;

  @ArgGroup(exclusive = false)
  PasswordOptions password = new PasswordOptions();

  @Override
  public Integer call() {
    Secp256k1HostKey key = HostKey.fromCredentials(Accounts.unlock(keystore, password));
    spec.commandLine().getOut().println(key.peerId().toBase58());
    spec.commandLine().getOut().println(Accounts.checkedAddress(key.publicKey().ethereumAddress(), "account"));
    return 0;
  }
}
