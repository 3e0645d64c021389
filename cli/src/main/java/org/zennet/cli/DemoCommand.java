package org.zennet.cli;

import java.io.PrintWriter;
import java.math.BigInteger;
import java.util.concurrent.Callable;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;
import org.zennet.besu.DevNetwork;
import org.zennet.cli.chain.ChainReport;
import org.zennet.contracts.Xen;
import org.zennet.contracts.chain.ChainConnection;
import org.zennet.contracts.deploy.Deployment;
import org.zennet.contracts.devchain.DevChainConfig;
import org.zennet.contracts.generated.XenCoin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code zennet demo}: the main job on the embedded default chain. */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = {
        "Run Zennet end to end on a throw-away dev chain.",
        "For now: start anvil, deploy the contracts, show the deployment and the XEN balances read back from the "
            + "chain, stop the chain. Later versions run a whole job with providers and a publisher."})
public final class DemoCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    try (DevNetwork network = DevNetwork.start(DevChainConfig.DEFAULT)) {
      ChainReport.print(out, network, null);
      Deployment d = network.deployment();
      try (ChainConnection chain = ChainConnection.connect(d.rpcUrl(), d.chainId())) {
        Credentials reader = network.chain().devKeys().get(0);
        XenCoin xen = XenCoin.load(d.requireAddress(Deployment.XEN_COIN), chain.web3j(),
            chain.transactionManager(reader), chain.gasProvider());
        out.println("Balances read back from the chain:");
        BigInteger sum = BigInteger.ZERO;
        for (Credentials account : network.chain().devKeys()) {
          BigInteger balance = xen.balanceOf(account.getAddress()).send();
          sum = sum.add(balance);
          out.printf("  %s %15s XEN%n", Keys.toChecksumAddress(account.getAddress()), Xen.format(balance));
        }
        BigInteger supply = xen.totalSupply().send();
        out.printf("Total supply %s XEN; held by the dev accounts %s XEN%n", Xen.format(supply), Xen.format(sum));
        if (!supply.equals(network.genesis().totalSupply()) || !sum.equals(supply)) {
          throw new IllegalStateException("the chain's balances do not match the genesis distribution");
        }
      }
    }
    out.println("Demo finished; the dev chain is stopped.");
    return 0;
  }
}
