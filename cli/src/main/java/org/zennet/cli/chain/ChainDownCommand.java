package org.zennet.cli.chain;

import java.util.concurrent.Callable;
import org.zennet.besu.BesuLauncher;
import org.zennet.besu.BesuRecord;
import org.zennet.besu.ChainRecord;
import org.zennet.besu.DevNetwork;
import org.zennet.cli.StateDir;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code zennet chain down}: stops what {@code zennet chain up} started. */
@Command(name = "down", mixinStandardHelpOptions = true,
    description = "Stop what 'zennet chain up' started: the dev chain (removing its deployment.json) or the Besu nodes.")
public final class ChainDownCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin StateDir state;

  @Override
  public Integer call() throws Exception {
    var stopped = DevNetwork.stop(state.path());
    var besu = BesuLauncher.stop(state.path());
    if (stopped.isEmpty() && besu.isEmpty()) {
      spec.commandLine().getOut().println("No dev chain is recorded in " + state.path() + "; nothing to stop.");
    }
    if (stopped.isPresent()) {
      ChainRecord r = stopped.get();
      spec.commandLine().getOut().println("Stopped the dev chain (pid " + r.pid() + ", " + r.rpcUrl() + ").");
    }
    if (besu.isPresent()) {
      BesuRecord r = besu.get();
      spec.commandLine().getOut().println("Stopped the Besu nodes of " + r.networkDir() + " (pids "
          + r.nodes().stream().map(n -> Long.toString(n.pid())).collect(java.util.stream.Collectors.joining(", ")) + ").");
    }
    return 0;
  }
}
