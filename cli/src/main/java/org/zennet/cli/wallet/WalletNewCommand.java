package org.zennet.cli.wallet;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;
import org.web3j.crypto.WalletUtils;
import org.zennet.cli.StateDir;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code zennet wallet new}. */
@Command(name = "new", mixinStandardHelpOptions = true,
    description = {"Create a new secp256k1 key in an encrypted keystore file (scrypt, Web3j/Ethereum format). "
        + "The key is both the account that holds XEN and the peer identity on the network.",
        "Prints the address on the first line and the file on the second."})
public final class WalletNewCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin StateDir state;
  @Mixin PasswordOptions password;

  @Option(names = "--dir", paramLabel = "DIR", description = "Where to write the keystore file. Default: keystore/ in the --home folder.")
  Path dir;

  @Override
  public Integer call() throws Exception {
    Path target = dir != null ? dir : state.path().resolve("keystore");
    String secret = password.read("Password for the new key", true);
    Files.createDirectories(target);
    String name = WalletUtils.generateNewWalletFile(secret, target.toFile());
    Path file = target.resolve(name);
    Credentials credentials = WalletUtils.loadCredentials(secret, file.toFile());
    spec.commandLine().getOut().println(Keys.toChecksumAddress(credentials.getAddress()));
    spec.commandLine().getOut().println(file);
    return 0;
  }
}
