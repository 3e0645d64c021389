package org.zennet.cli.chain;

import java.util.concurrent.Callable;
import org.zennet.besu.ChainRecord;
import org.zennet.besu.DevNetwork;
import org.zennet.cli.StateDir;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code zennet chain down}: stops what {@code zennet chain up} started. */
@Command(name = "down", mixinStandardHelpOptions = true,
    description = "Stop the dev chain that 'zennet chain up' started and remove its deployment.json.")
public final class ChainDownCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin StateDir state;

  @Override
  public Integer call() throws Exception {
    var stopped = DevNetwork.stop(state.path());
    if (stopped.isEmpty()) {
      spec.commandLine().getOut().println("No dev chain is recorded in " + state.path() + "; nothing to stop.");
    } else {
      ChainRecord r = stopped.get();
      spec.commandLine().getOut().println("Stopped the dev chain (pid " + r.pid() + ", " + r.rpcUrl() + ").");
    }
    return 0;
  }
}
