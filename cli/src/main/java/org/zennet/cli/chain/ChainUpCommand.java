package org.zennet.cli.chain;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.zennet.besu.BesuLauncher;
import org.zennet.besu.DevNetwork;
import org.zennet.cli.StateDir;
import org.zennet.cli.UserError;
import org.zennet.contracts.devchain.DevChainConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code zennet chain up}: the embedded dev chain with the contracts deployed. */
@Command(name = "up", mixinStandardHelpOptions = true,
    description = {
        "Start the dev chain (anvil on loopback), deploy the contracts and write deployment.json, then stay up "
            + "until Ctrl-C. With --detach, return at once and leave the chain running for 'zennet chain down'.",
        "XenCoin's genesis distribution: dev account 0 is the treasury, every other dev account gets 1,000,000 XEN.",
        "With --besu DIR, start instead the Besu QBFT nodes that 'zennet chain init' wrote into DIR, as local processes "
            + "(a besu binary must be on PATH), wait for blocks and check the validators; deploy with 'zennet chain deploy'."})
public final class ChainUpCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin StateDir state;

  @Option(names = "--port", defaultValue = "8545", description = "RPC port (HTTP and WebSocket); 0 picks a free one. Default: ${DEFAULT-VALUE}.")
  int port;

  @Option(names = "--chain-id", defaultValue = "31337", description = "Chain id. Default: ${DEFAULT-VALUE}.")
  long chainId;

  @Option(names = "--block-time", paramLabel = "SECONDS",
      description = "Mine a block every SECONDS (as QBFT does) instead of one per transaction.")
  Integer blockTime;

  @Option(names = "--detach", description = "Leave the chain running in the background and return.")
  boolean detach;

  @Option(names = "--besu", paramLabel = "DIR", description = "Start the Besu network in DIR (from 'zennet chain init') instead of anvil.")
  Path besu;

  @Option(names = "--startup-timeout", defaultValue = "90", paramLabel = "SECONDS",
      description = "With --besu: how long to wait for the first block. Default: ${DEFAULT-VALUE}.")
  long startupTimeout;

  @Override
  public Integer call() throws Exception {
    if (besu != null) {
      return startBesu();
    }
    DevChainConfig config;
    try {
      config = DevChainConfig.DEFAULT.withPort(port).withChainId(chainId);
      if (blockTime != null) {
        config = config.withBlockTime(Duration.ofSeconds(blockTime));
      }
    } catch (IllegalArgumentException e) {
      throw new UserError(e.getMessage(), 2);
    }
    DevNetwork network;
    try {
      network = DevNetwork.startRecorded(config, state.path());
    } catch (IllegalStateException e) {
      throw new UserError(e.getMessage());
    }
    PrintWriter out = spec.commandLine().getOut();
    ChainReport.print(out, network, state.deployment());
    if (detach) {
      network.detach();
      out.println("Detached: pid " + network.chain().pid() + ". Stop it with: zennet chain down"
          + (state.path().toString().equals(StateDir.DEFAULT) ? "" : " --home " + state.path()));
      out.flush();
      return 0;
    }
    out.println("Running. Press Ctrl-C to stop.");
    out.flush();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      network.close();
      try {
        DevNetwork.forget(state.path());
      } catch (java.io.IOException e) {
        System.err.println("could not remove " + state.path() + "/chain.json: " + e.getMessage());
      }
    }, "chain-up-shutdown"));
    ProcessHandle.of(network.chain().pid()).ifPresent(p -> p.onExit().join());
    DevNetwork.forget(state.path());
    spec.commandLine().getErr().println("the dev chain stopped");
    return 1;
  }

  private int startBesu() throws Exception {
    BesuLauncher.Started started;
    try {
      started = BesuLauncher.start(besu, state.path(), System.getenv("PATH"), Duration.ofSeconds(startupTimeout));
    } catch (IllegalStateException | java.nio.file.NoSuchFileException e) {
      throw new UserError(e instanceof java.nio.file.NoSuchFileException n ? n.getFile() + ": " + n.getReason() : e.getMessage());
    } catch (java.io.IOException e) {
      throw new UserError(e.getMessage());
    }
    PrintWriter out = spec.commandLine().getOut();
    out.printf("Besu QBFT chain %d is up: %d nodes, block %d%n", started.record().chainId(), started.record().nodes().size(),
        started.blockNumber());
    out.printf("  RPC URL    %s%n  WS URL     %s%n", started.rpcUrl(), started.wsUrl());
    out.println("Validators (qbft_getValidatorsByBlockNumber): " + String.join(", ", started.validators()));
    out.println("Logs: node-*/besu.log in " + besu + ". Deploy: zennet chain deploy --rpc " + started.rpcUrl()
        + " --keystore FILE. Stop: zennet chain down" + (state.path().toString().equals(StateDir.DEFAULT) ? "" : " --home " + state.path()));
    return 0;
  }
}
