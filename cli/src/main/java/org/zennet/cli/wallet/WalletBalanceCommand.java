package org.zennet.cli.wallet;

import java.math.BigInteger;
import java.util.concurrent.Callable;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.zennet.cli.DeploymentOption;
import org.zennet.contracts.Xen;
import org.zennet.contracts.chain.ChainConnection;
import org.zennet.contracts.deploy.Deployment;
import org.zennet.contracts.generated.XenCoin;
import org.web3j.tx.ReadonlyTransactionManager;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code zennet wallet balance}. */
@Command(name = "balance", mixinStandardHelpOptions = true,
    description = "Print an account's XEN balance and its balance of the chain's native coin (for gas).")
public final class WalletBalanceCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin DeploymentOption deploymentOption;

  @Parameters(paramLabel = "ACCOUNT", description = "A 0x address, or a keystore file (no password needed).")
  String account;

  @Override
  public Integer call() throws Exception {
    String address = Accounts.address(account);
    Deployment d = deploymentOption.read();
    try (ChainConnection chain = ChainConnection.connect(d.rpcUrl(), d.chainId())) {
      XenCoin xen = XenCoin.load(d.requireAddress(Deployment.XEN_COIN), chain.web3j(),
          new ReadonlyTransactionManager(chain.web3j(), address), chain.gasProvider());
      BigInteger balance = xen.balanceOf(address).send();
      BigInteger gas = chain.web3j().ethGetBalance(address, DefaultBlockParameterName.LATEST).send().getBalance();
      spec.commandLine().getOut().printf("%s XEN%n", Xen.format(balance));
      spec.commandLine().getOut().printf("%s native (gas) on chain %d%n", Xen.format(gas), d.chainId());
    }
    return 0;
  }
}
