package org.zennet.cli.bench;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.zennet.runtime.bench.Kernel;
import org.zennet.runtime.bench.WasmBenchmark;
import org.zennet.runtime.bench.WasmReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code zennet bench wasm}: the WebAssembly runtime's speed, metered and not, against V8. */
@Command(name = "wasm", mixinStandardHelpOptions = true,
    description = {
        "Run the sample kernels (wordcount, pi, raytrace) on Chicory's compiler with and without fuel metering, and on "
            + "Node's V8 (node:wasi) as the reference; print medians, the metering overhead, fuel and fuel per second.",
        "Targets, reported and not enforced: metered at most 1.3× unmetered, and at most 2× V8. See docs/runtime.md."})
public final class BenchWasmCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--out", paramLabel = "FILE", defaultValue = "bench/wasm.json",
      description = "Where to write the JSON report (relative to the working directory). Default: ${DEFAULT-VALUE}.")
  Path out;

  @Option(names = "--warmups", paramLabel = "N", description = "Unmeasured runs per kernel and engine. Default: ${DEFAULT-VALUE}.")
  int warmups = WasmBenchmark.Config.DEFAULT_WARMUPS;

  @Option(names = "--repeats", paramLabel = "N", description = "Measured runs per kernel and engine (medians). Default: ${DEFAULT-VALUE}.")
  int repeats = WasmBenchmark.Config.DEFAULT_REPEATS;

  @Option(names = "--node", paramLabel = "PATH",
      description = "Node executable for the V8 reference, or 'none' to skip it. Default: ${DEFAULT-VALUE}.")
  String node = WasmBenchmark.Config.DEFAULT_NODE;

  @Override
  public Integer call() throws Exception {
    PrintWriter err = spec.commandLine().getErr();
    WasmBenchmark.Config config = new WasmBenchmark.Config(warmups, repeats, "none".equals(node) ? null : node);
    WasmReport report = WasmBenchmark.run(config, Kernel.standard(), line -> {
      err.println(line);
      err.flush();
    });
    BenchOutput.publish(spec, report.table(), report::write, out);
    return 0;
  }
}
