package org.zennet.cli.bench;

import org.zennet.contracts.AtomicFiles;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.zennet.cli.UserError;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code zennet bench}: every benchmark, one table; or one benchmark by name. */
@Command(name = "bench", mixinStandardHelpOptions = true,
    synopsisSubcommandLabel = "[BENCHMARK]",
    description = {
        "Alone: run every benchmark of the project in turn (gas, transport, wasm, scale, watcher, jobs), each writing "
            + "its own JSON beside --out, then print one table of the headline figures against their targets and "
            + "write them all into --out (bench/results.json). The full run takes about 20 minutes on 2 cores; "
            + "--quick runs every benchmark at small sizes in a few minutes (figures for a smoke test, not for "
            + "comparison).",
        "With a BENCHMARK: run that one. Each prints a table for people on stdout and writes a JSON document for "
            + "scripts, with the compiler, chain and commit the figures came from, so that two runs can be compared.",
        "Benchmarks measure; they are not tests. A figure that misses its DESIGN.md target is reported with the "
            + "reason and the exit status stays 0, unless the benchmark's --strict option is given.",
        ""},
    subcommands = {BenchGasCommand.class, BenchTransportCommand.class, BenchWasmCommand.class, BenchScaleCommand.class,
        BenchWatcherCommand.class, BenchJobsCommand.class})
public final class BenchCommand implements Callable<Integer> {
  /** The benchmarks in the order they run, with the arguments of a --quick run. */
  static final Map<String, List<String>> QUICK = quick();

  @Spec CommandSpec spec;

  @Option(names = "--out", paramLabel = "FILE", defaultValue = "bench/results.json",
      description = "The combined JSON; each benchmark's own goes beside it (gas.json, ...). Default: ${DEFAULT-VALUE}.")
  Path out;

  @Option(names = "--quick", description = "Every benchmark at small sizes: a smoke run in a few minutes.")
  boolean quick;

  @Option(names = "--only", paramLabel = "NAME,...", split = ",",
      description = "Run only these benchmarks (of gas, transport, wasm, scale, watcher, jobs).")
  List<String> only;

  private static Map<String, List<String>> quick() {
    Map<String, List<String>> m = new LinkedHashMap<>();
    m.put("gas", List.of());
    m.put("transport", List.of("--connections", "10", "--streams", "100", "--mib", "16", "--messages", "10000"));
    m.put("wasm", List.of("--warmups", "1", "--repeats", "1"));
    m.put("scale", List.of("--providers", "1,10", "--tasks-per-provider", "5", "--task-millis", "200",
        "--fixed-tasks-per-provider", "2"));
    m.put("watcher", List.of("--channels", "300", "--burst", "100", "--providers", "10"));
    m.put("jobs", List.of("--launches", "2", "--providers", "1,2", "--job", "pi"));
    return java.util.Collections.unmodifiableMap(m);
  }

  @Override
  public Integer call() throws Exception {
    List<String> names = only == null || only.isEmpty() ? List.copyOf(QUICK.keySet()) : only;
    for (String n : names) {
      if (!QUICK.containsKey(n)) {
        throw new UserError("--only: no benchmark '" + n + "'; there are " + String.join(", ", QUICK.keySet()), 2);
      }
    }
    PrintWriter stdout = spec.commandLine().getOut();
    Path dir = out.toAbsolutePath().getParent();
    ObjectMapper json = new ObjectMapper();
    ObjectNode results = json.createObjectNode();
    results.put("schemaVersion", 1).put("benchmark", "all").put("timestamp", Instant.now().toString())
        .put("quick", quick);
    ObjectNode runs = results.putObject("benchmarks");
    List<Headlines.Headline> headlines = new ArrayList<>();
    int failed = 0;
    for (String name : names) {
      Path file = dir.resolve(name + ".json");
      List<String> args = new ArrayList<>(quick ? QUICK.get(name) : List.of());
      args.addAll(List.of("--out", file.toString()));
      stdout.printf("%n=== zennet bench %s %s%n", name, String.join(" ", args));
      stdout.flush();
      CommandLine sub = spec.commandLine().getSubcommands().get(name);
      long t0 = System.nanoTime();
      int exit = sub.execute(args.toArray(String[]::new));
      double seconds = (System.nanoTime() - t0) / 1e9;
      ObjectNode run = runs.putObject(name);
      run.put("exit", exit).put("seconds", Math.round(seconds * 10) / 10.0).put("file", file.toString());
      if (exit == 0 && Files.exists(file)) {
        JsonNode report = json.readTree(file.toFile());
        run.set("report", report);
        headlines.addAll(Headlines.of(name, report));
      } else {
        failed++;
        headlines.add(new Headlines.Headline(name, "the benchmark failed", "exit " + exit, "", "FAILED"));
      }
    }
    results.set("headlines", json.valueToTree(headlines));
    AtomicFiles.writeString(out, json.enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(results));
    stdout.printf("%n=== every benchmark%s%n", quick ? " (--quick: small sizes, not for comparison)" : "");
    stdout.print(Headlines.table(headlines));
    stdout.println("JSON report: " + out);
    stdout.flush();
    return failed == 0 ? 0 : 1;
  }
}
