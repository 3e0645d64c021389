package org.zennet.cli.peer;

import java.nio.file.Path;
import java.security.SecureRandom;
import org.zennet.cli.wallet.Accounts;
import org.zennet.cli.wallet.PasswordOptions;
import org.zennet.protocol.identity.HostKey;
import org.zennet.protocol.identity.Secp256k1HostKey;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/** The peer key: the account key of a Web3j keystore, or a fresh one for this run. */
final class HostKeyOptions {
  @Option(names = "--keystore", paramLabel = "FILE",
      description = "The Web3j keystore of the account whose key is the peer's identity. Without it, an ephemeral key is made for this run.")
  Path keystore;

  @ArgGroup(exclusive = false)
  PasswordOptions password = new PasswordOptions();

  /** @return the keystore's key, or a new random secp256k1 key when none was given */
  Secp256k1HostKey hostKey() {
    if (keystore == null) {
      return HostKey.generateSecp256k1(new SecureRandom());
    }
    return HostKey.fromCredentials(Accounts.unlock(keystore, password));
  }
}
