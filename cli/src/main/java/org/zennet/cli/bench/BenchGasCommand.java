package org.zennet.cli.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.zennet.contracts.bench.GasBenchmark;
import org.zennet.contracts.bench.GasReport;
import org.zennet.contracts.bench.GasRow;
import org.zennet.contracts.devchain.DevChainConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code zennet bench gas}: the contracts' gas report. */
@Command(name = "gas", mixinStandardHelpOptions = true,
    description = {
        "Measure the gas of every contract operation on a throw-away dev chain (anvil on a free port) and "
            + "compare it with DESIGN.md's targets and with µRaiden's and Raiden's published figures.",
        "Each figure is a transaction's gasUsed from its receipt, so it includes the 21,000 base cost. Gas does "
            + "not depend on timing: the figures repeat exactly from run to run for the same contracts and compiler.",
        "See docs/development.md, 'Reading the gas report'."})
public final class BenchGasCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--out", paramLabel = "FILE", defaultValue = "bench/gas.json",
      description = "Where to write the JSON report (relative to the working directory). Default: ${DEFAULT-VALUE}.")
  Path out;

  @Option(names = "--strict",
      description = "Exit 1 when a figure misses its target (for CI). Without it, misses are reported and the exit status is 0.")
  boolean strict;

  @Override
  public Integer call() throws Exception {
    GasReport report = GasBenchmark.run(DevChainConfig.DEFAULT);
    BenchOutput.publish(spec, report.table(), report::write, out);
    List<GasRow> missed = report.missed();
    if (strict && !missed.isEmpty()) {
      spec.commandLine().getErr().println("--strict: " + missed.size() + " target(s) missed: "
          + missed.stream().map(r -> r.id() + " (" + r.reason() + ")").collect(Collectors.joining("; ")));
      return 1;
    }
    return 0;
  }
}
