package org.zennet.cli.bench;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code zennet bench}: the benchmarks. Alone, it explains them. */
@Command(name = "bench", mixinStandardHelpOptions = true,
    synopsisSubcommandLabel = "BENCHMARK",
    description = {
        "Run a benchmark. Each prints a table for people on stdout and writes a JSON document for scripts "
            + "(--out), with the compiler, chain and commit the figures came from, so that two runs can be compared.",
        "Benchmarks measure; they are not tests. A figure that misses its DESIGN.md target is reported with the "
            + "reason and the exit status stays 0, unless the benchmark's --strict option is given.",
        ""},
    subcommands = {BenchGasCommand.class, BenchTransportCommand.class, BenchWasmCommand.class, BenchScaleCommand.class,
        BenchWatcherCommand.class})
public final class BenchCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
