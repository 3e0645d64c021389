package org.zennet.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Subcommand groups that later work will fill: each says which piece of work brings it and exits 2,
 * so nobody mistakes it for a result.
 */
final class NotBuiltYet implements Callable<Integer> {
  static final int EXIT_CODE = 2;

  private record Planned(String name, String summary, String comesWith) {}

  private static final Planned[] PLANNED = {
      new Planned("task", "Run one WebAssembly task locally, metered by fuel.", "the provider agent and runtime (issue #5)"),
      new Planned("publish", "Publish a job from a manifest and collect its results.", "the publisher agent (issue #6)"),
      new Planned("provide", "Run a provider agent that sells this machine's CPU.", "the provider agent (issue #5)"),
      new Planned("watch", "Run a channel watcher that redeems delegated vouchers.", "the channel watcher (issue #7)"),
      new Planned("peer", "Peer identity, listen and ping over the libp2p transport.", "the peer-to-peer transport (issue #4)"),
      new Planned("audit", "Write the contracts' audit report.", "the audit work (issue #10)"),
      new Planned("bench", "Run the benchmarks and print their tables.", "the contracts' gas report (issue #3) and later issues"),
  };

  private final Planned planned;

  private NotBuiltYet(Planned planned) {
    this.planned = planned;
  }

  static void register(CommandLine root) {
    for (Planned p : PLANNED) {
      CommandSpec spec = CommandSpec.wrapWithoutInspection(new NotBuiltYet(p));
      spec.name(p.name()).mixinStandardHelpOptions(true);
      spec.usageMessage().description(p.summary(), "Not built yet: it comes with " + p.comesWith() + ".");
      spec.addUnmatchedArgsBinding(CommandLine.Model.UnmatchedArgsBinding.forStringArrayConsumer(
          new CommandLine.Model.ISetter() {
            @Override
            public <T> T set(T value) {
              return null;
            }
          }));
      root.addSubcommand(p.name(), new CommandLine(spec));
    }
  }

  @Override
  public Integer call() {
    System.err.println("zennet " + planned.name() + " is not built yet: it comes with " + planned.comesWith() + ".");
    return EXIT_CODE;
  }
}
