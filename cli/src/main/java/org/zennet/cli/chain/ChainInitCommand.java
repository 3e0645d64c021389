package org.zennet.cli.chain;

import java.io.PrintWriter;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.zennet.besu.election.ElectionGenesis;
import org.zennet.besu.qbft.QbftNetwork;
import org.zennet.besu.qbft.QbftNetworkInit;
import org.zennet.besu.qbft.QbftNetworkSpec;
import org.zennet.cli.UserError;
import org.zennet.contracts.Xen;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code zennet chain init}: a Besu QBFT network's files. */
@Command(name = "init", mixinStandardHelpOptions = true,
    description = {
        "Write a Besu QBFT network into a folder: node keys, genesis.json (QBFT extraData naming the validators, "
            + "free gas, every fork up to Cancun at genesis), one Besu config file per node, a Docker Compose file "
            + "and a README saying how to start it.",
        "1 validator works but tolerates no fault; 4 validators tolerate one faulty validator."})
public final class ChainInitCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--validators", required = true, paramLabel = "N", description = "How many validator nodes (1..50).")
  int validators;

  @Option(names = "--block-period", defaultValue = "1", paramLabel = "SECONDS",
      description = "Minimum time between blocks (QBFT blockperiodseconds), at least 1. Default: ${DEFAULT-VALUE}.")
  int blockPeriod;

  @Option(names = "--chain-id", required = true, paramLabel = "ID", description = "The chain id (positive).")
  long chainId;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "The folder to write; it must be empty or new.")
  Path out;

  @Option(names = "--alloc", paramLabel = "ADDRESS=AMOUNT",
      description = "Give ADDRESS a balance of the chain's gas coin at genesis, in coins (18 decimals), e.g. "
          + "0x70997970C51812dc3A010C7d01b50e0d17dc79C8=1000. Repeatable. Not needed to send transactions: gas is free.")
  List<String> alloc = List.of();

  @Option(names = "--force", description = "Replace the network files already in DIR (node keys and chain data included).")
  boolean force;

  @Option(names = "--election", description = "Validators elected by XEN stake: the ValidatorElection contract at "
      + ElectionGenesis.DEFAULT_ADDRESS + " in the genesis, read by QBFT's contract validator mode; the generated "
      + "nodes are its genesis validators. Needs --xen-deployer. See docs/operations.md.")
  boolean election;

  @Option(names = "--xen-deployer", paramLabel = "ADDRESS",
      description = "With --election: the account that will run 'zennet chain deploy' (before sending any other "
          + "transaction), so that XenCoin's address, the first contract it creates, is known at genesis.")
  String xenDeployer;

  @Option(names = "--election-validators", paramLabel = "N",
      description = "With --election: the size of the elected set (1..64). Default: --validators.")
  Integer electionValidators;

  @Option(names = "--election-candidates", paramLabel = "N", defaultValue = "" + ElectionGenesis.DEFAULT_MAX_CANDIDATES,
      description = "With --election: the cap on registered candidates (1..256), which bounds the gas of rotate(). "
          + "Default: ${DEFAULT-VALUE}.")
  int electionCandidates;

  @Option(names = "--election-epoch", paramLabel = "BLOCKS", defaultValue = "" + ElectionGenesis.DEFAULT_EPOCH_LENGTH,
      description = "With --election: blocks per epoch; rotate() elects once per epoch. Default: ${DEFAULT-VALUE}.")
  long electionEpoch;

  @Option(names = "--election-unbonding", paramLabel = "SECONDS",
      defaultValue = "" + ElectionGenesis.DEFAULT_UNBONDING_PERIOD,
      description = "With --election: how long unstaked XEN stays locked. Default: ${DEFAULT-VALUE} (7 days).")
  long electionUnbonding;

  @Override
  public Integer call() throws Exception {
    QbftNetworkSpec network;
    try {
      network = QbftNetworkSpec.of(validators, blockPeriod, chainId, balances(alloc));
    } catch (IllegalArgumentException e) {
      throw new UserError(e.getMessage(), 2);
    }
    Optional<ElectionGenesis> electionGenesis = electionGenesis();
    QbftNetwork written;
    try {
      written = QbftNetworkInit.write(network, out, force, new SecureRandom(), electionGenesis);
    } catch (QbftNetworkInit.FolderNotEmptyException e) {
      throw new UserError(e.getMessage());
    }
    PrintWriter w = spec.commandLine().getOut();
    w.printf("Wrote a Besu QBFT network (chain %d, %d %s, %d s blocks) to %s%n", chainId, validators,
        validators == 1 ? "validator" : "validators", blockPeriod, out);
    for (QbftNetwork.Node node : written.nodes()) {
      w.printf("  %-8s %s  RPC http://127.0.0.1:%d  ws://127.0.0.1:%d  P2P %d%n", node.name(), node.address(),
          node.rpcHttpPort(), node.rpcWsPort(), node.p2pPort());
    }
    w.printf("Each block needs %d of %d validator signatures: the chain tolerates %d faulty %s%s.%n", network.quorum(),
        validators, network.faultTolerance(), network.faultTolerance() == 1 ? "validator" : "validators",
        validators < 4 ? " (4 validators tolerate one)" : "");
    electionGenesis.ifPresent(e -> {
      w.printf("Validators are elected by XEN stake: ValidatorElection at %s (top %d of at most %d candidates, epochs "
          + "of %d blocks, unbonding %d s); until someone is elected, the %d nodes above are the validators.%n",
          e.address(), e.maxValidators(), e.maxCandidates(), e.epochLength(), e.unbondingPeriod(), validators);
      w.printf("XenCoin must be deployed at %s: run 'zennet chain deploy' as %s before it sends any other "
          + "transaction.%n", e.token(), xenDeployer);
    });
    w.println("Start it: zennet chain up --besu " + out + "   (Besu on PATH), or: cd " + out + " && docker compose up -d");
    w.println("The node-*/key files are the validators' private keys: back them up and keep them secret.");
    return 0;
  }

  private Optional<ElectionGenesis> electionGenesis() {
    if (!election) {
      if (xenDeployer != null || electionValidators != null) {
        throw new UserError("--xen-deployer and --election-validators go with --election", 2);
      }
      return Optional.empty();
    }
    if (xenDeployer == null) {
      throw new UserError("--election needs --xen-deployer ADDRESS: the account that will run 'zennet chain deploy'", 2);
    }
    try {
      return Optional.of(new ElectionGenesis(ElectionGenesis.DEFAULT_ADDRESS, ElectionGenesis.xenCoinAddress(xenDeployer),
          electionValidators != null ? electionValidators : validators, electionCandidates, electionEpoch,
          electionUnbonding));
    } catch (IllegalArgumentException e) {
      throw new UserError(e.getMessage(), 2);
    }
  }

  static Map<String, BigInteger> balances(List<String> entries) {
    Map<String, BigInteger> balances = new LinkedHashMap<>();
    for (String entry : entries) {
      int eq = entry.indexOf('=');
      if (eq <= 0 || eq == entry.length() - 1) {
        throw new IllegalArgumentException("--alloc takes ADDRESS=AMOUNT, got '" + entry + "'");
      }
      String address = entry.substring(0, eq).strip();
      BigInteger wei;
      try {
        wei = Xen.parse(entry.substring(eq + 1).strip());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--alloc " + address + ": " + e.getMessage(), e);
      }
      if (balances.put(address, wei) != null) {
        throw new IllegalArgumentException("--alloc: " + address + " is given twice");
      }
    }
    return balances;
  }
}
