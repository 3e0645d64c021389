package org.zennet.cli.wallet;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.zennet.cli.DeploymentOption;
import org.zennet.cli.UserError;
import org.zennet.contracts.Xen;
import org.zennet.contracts.chain.ChainConnection;
import org.zennet.contracts.deploy.Deployment;
import org.zennet.contracts.generated.XenCoin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code zennet wallet transfer}. */
@Command(name = "transfer", mixinStandardHelpOptions = true,
    description = "Send XEN from a keystore's account to another address.")
public final class WalletTransferCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin DeploymentOption deploymentOption;
  @Mixin PasswordOptions password;

  @Option(names = "--keystore", required = true, paramLabel = "FILE", description = "The sender's keystore file.")
  Path keystore;

  @Option(names = "--to", required = true, paramLabel = "ADDRESS", description = "The recipient's 0x address.")
  String to;

  @Option(names = "--amount", required = true, paramLabel = "XEN", description = "How much XEN, e.g. 12.5 (18 decimals at most).")
  String amount;

  @Override
  public Integer call() throws Exception {
    String recipient = Accounts.checkedAddress(to, "--to");
    BigInteger wei;
    try {
      wei = Xen.parse(amount);
    } catch (IllegalArgumentException e) {
      throw new UserError("--amount: " + e.getMessage(), 2);
    }
    if (wei.signum() == 0) {
      throw new UserError("--amount must be more than 0 XEN", 2);
    }
    Deployment d = deploymentOption.read();
    Credentials sender = Accounts.unlock(keystore, password);
    try (ChainConnection chain = ChainConnection.connect(d.rpcUrl(), d.chainId())) {
      XenCoin xen = XenCoin.load(d.requireAddress(Deployment.XEN_COIN), chain.web3j(),
          chain.transactionManager(sender), chain.gasProvider());
      BigInteger balance = xen.balanceOf(sender.getAddress()).send();
      if (balance.compareTo(wei) < 0) {
        throw new UserError("the sender " + sender.getAddress() + " holds " + Xen.format(balance)
            + " XEN, less than " + Xen.format(wei) + " XEN");
      }
      TransactionReceipt receipt = xen.transfer(recipient, wei).send();
      var out = spec.commandLine().getOut();
      out.printf("Sent %s XEN from %s to %s%n", Xen.format(wei), sender.getAddress(), recipient);
      out.printf("Transaction %s (block %s, gas %s)%n", receipt.getTransactionHash(), receipt.getBlockNumber(), receipt.getGasUsed());
    }
    return 0;
  }
}
