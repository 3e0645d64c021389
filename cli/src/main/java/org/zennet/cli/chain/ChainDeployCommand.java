package org.zennet.cli.chain;

import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigInteger;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;
import org.zennet.besu.ContractsDeployment;
import org.zennet.cli.DeploymentOption;
import org.zennet.cli.UserError;
import org.zennet.cli.wallet.Accounts;
import org.zennet.cli.wallet.PasswordOptions;
import org.zennet.contracts.Xen;
import org.zennet.contracts.chain.ChainConnection;
import org.zennet.contracts.deploy.Deployment;
import org.zennet.contracts.deploy.GenesisDistribution;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code zennet chain deploy}: Zennet's contracts on any chain, once. */
@Command(name = "deploy", mixinStandardHelpOptions = true,
    description = {
        "Deploy XenCoin (minting its whole, fixed supply), JobMarket and PaymentChannels to the chain at --rpc and "
            + "write the deployment descriptor. Idempotent: when the descriptor's contracts are already on that chain, "
            + "or the deployer account's first contracts are Zennet's, nothing is sent.",
        "On a free-gas chain (Besu with zeroBaseFee and min-gas-price 0) the deployer account needs no coin."})
public final class ChainDeployCommand implements Callable<Integer> {
  /** XenCoin's supply when --genesis-holders is not given: all of it to the deployer. */
  public static final long DEFAULT_SUPPLY_XEN = 100_000_000;
  /** Keystore files are a few hundred bytes; anything much larger is not one. */

  @Spec CommandSpec spec;
  @Mixin DeploymentOption deployment;
  @Mixin PasswordOptions password;

  @Option(names = "--rpc", required = true, paramLabel = "URL", description = "The chain's HTTP JSON-RPC endpoint.")
  URI rpc;

  @Option(names = "--ws", paramLabel = "URL", description = "The chain's WebSocket endpoint, recorded for the agents.")
  URI ws;

  @Option(names = "--keystore", required = true, paramLabel = "FILE", description = "The deployer's keystore file.")
  Path keystore;

  @Option(names = "--genesis-holders", split = ",", paramLabel = "ADDRESS=XEN",
      description = "XenCoin's fixed distribution, e.g. 0xAb..=60000000,0xCd..=40000000. Default: the deployer holds "
          + DEFAULT_SUPPLY_XEN + " XEN.")
  List<String> holders = List.of();

  @Option(names = "--challenge-period", defaultValue = "86400", paramLabel = "SECONDS",
      description = "How long a publisher's close waits for redemptions (PaymentChannels). Default: ${DEFAULT-VALUE} (a day).")
  long challengePeriod;

  @Override
  public Integer call() throws Exception {
    if (challengePeriod < 1) {
      throw new UserError("--challenge-period must be at least 1 second, got " + challengePeriod, 2);
    }
    if (rpc.getScheme() == null || !rpc.getScheme().startsWith("http")) {
      throw new UserError("--rpc must be an http(s) URL, got " + rpc, 2);
    }
    Credentials deployer = Accounts.unlock(keystore, password);
    GenesisDistribution genesis;
    try {
      genesis = holders.isEmpty()
          ? new GenesisDistribution(List.of(new GenesisDistribution.Allocation(deployer.getAddress(), Xen.of(DEFAULT_SUPPLY_XEN))))
          : distribution(holders);
    } catch (IllegalArgumentException e) {
      throw new UserError("--genesis-holders: " + e.getMessage(), 2);
    }
    PrintWriter out = spec.commandLine().getOut();
    ContractsDeployment.Result result;
    try (ChainConnection chain = ChainConnection.connect(rpc, 0)) {
      result = ContractsDeployment.ensureDeployed(chain, deployer, genesis, Duration.ofSeconds(challengePeriod), rpc, ws,
          deployment.file());
    } catch (IOException e) {
      throw new UserError(e.getMessage());
    }
    Deployment d = result.deployment();
    out.println(switch (result.outcome()) {
      case DEPLOYED -> "Deployed Zennet's contracts on chain " + d.chainId() + " (block " + d.deploymentBlock() + "):";
      case ALREADY_DEPLOYED -> "Already deployed on chain " + d.chainId() + "; nothing was sent:";
      case RECOVERED -> "Found Zennet's contracts deployed earlier by " + Keys.toChecksumAddress(deployer.getAddress())
          + " on chain " + d.chainId() + "; nothing was sent, the descriptor was rebuilt:";
    });
    d.contracts().forEach((name, address) -> out.printf("  %-16s %s%n", name, address));
    if (result.outcome() == ContractsDeployment.Outcome.DEPLOYED) {
      out.println("XenCoin's whole supply, " + Xen.format(genesis.totalSupply()) + " XEN, went to:");
      genesis.allocations().forEach(a -> out.printf("  %s %15s XEN%n", Keys.toChecksumAddress(a.holder()), Xen.format(a.amount())));
    }
    out.println("Deployment descriptor: " + deployment.file());
    return 0;
  }

  static GenesisDistribution distribution(List<String> entries) {
    List<GenesisDistribution.Allocation> allocations = new ArrayList<>();
    for (String entry : entries) {
      int eq = entry.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("each holder is ADDRESS=XEN, got '" + entry + "'");
      }
      BigInteger wei = Xen.parse(entry.substring(eq + 1).strip());
      allocations.add(new GenesisDistribution.Allocation(entry.substring(0, eq).strip(), wei));
    }
    return new GenesisDistribution(allocations);
  }
}
