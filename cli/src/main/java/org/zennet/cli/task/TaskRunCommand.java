package org.zennet.cli.task;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.zennet.cli.UserError;
import org.zennet.runtime.RuntimeConfig;
import org.zennet.runtime.Samples;
import org.zennet.runtime.TaskFailure;
import org.zennet.runtime.TaskInput;
import org.zennet.runtime.TaskLimits;
import org.zennet.runtime.TaskModule;
import org.zennet.runtime.TaskResult;
import org.zennet.runtime.TaskRuntime;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code zennet task run}: one task in the sandbox, as a provider would run it. */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = {
        "Run one WebAssembly task (a WASI command module) locally in the provider's sandbox: input on stdin, output on "
            + "stdout, arguments after '--'. No files, network or environment; a fixed clock; random numbers from --seed.",
        "Prints the fuel used and the wall time on stderr. The exit status is the task's own; a breached cap is an "
            + "error naming the cap, with exit status 1."},
    footer = {"", "Examples:",
        "  zennet task run --sample wordcount < book.txt",
        "  zennet task run --sample raytrace --output tile.rgb -- 320 240 0 0 64 64",
        "  zennet task run my-task.wasm --fuel 1000000000 --memory-mb 32 --timeout 5 -- arg1 arg2 < input"})
public final class TaskRunCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", arity = "0..1", paramLabel = "MODULE", description = "The .wasm module to run (or --sample).")
  Path module;

  @Parameters(index = "1..*", paramLabel = "ARGS", description = "The task's arguments (argv[1..]; argv[0] is 'task').")
  List<String> args = new ArrayList<>();

  @Option(names = "--sample", paramLabel = "NAME", description = "Run a bundled sample instead of a file: ${COMPLETION-CANDIDATES}.",
      completionCandidates = SampleNames.class)
  String sample;

  @Option(names = "--fuel", paramLabel = "N", description = "Fuel cap (instructions). Default: ${DEFAULT-VALUE}.")
  long fuel = TaskLimits.DEFAULT_FUEL;

  @Option(names = "--memory-mb", paramLabel = "M", description = "Memory cap in MiB. Default: ${DEFAULT-VALUE}.")
  long memoryMb = TaskLimits.DEFAULT_MEMORY_PAGES / 16;

  @Option(names = "--timeout", paramLabel = "S", description = "Wall-clock cap in seconds. Default: ${DEFAULT-VALUE}.")
  double timeoutSeconds = TaskLimits.DEFAULT_TIMEOUT.toSeconds();

  @Option(names = "--max-output-mb", paramLabel = "M", description = "Stdout cap in MiB. Default: ${DEFAULT-VALUE}.")
  long maxOutputMb = TaskLimits.DEFAULT_MAX_OUTPUT_BYTES >> 20;

  @Option(names = "--seed", paramLabel = "N", description = "Seed of the task's random numbers. Default: ${DEFAULT-VALUE}.")
  long seed;

  @Option(names = "--input", paramLabel = "FILE", description = "Read the task's stdin from FILE instead of standard input.")
  Path input;

  @Option(names = "--output", paramLabel = "FILE", description = "Write the task's stdout to FILE instead of standard output.")
  Path output;

  @Override
  public Integer call() throws Exception {
    TaskModule taskModule = module();
    TaskLimits limits = limits();
    byte[] stdin = readInput();
    PrintWriter err = spec.commandLine().getErr();
    TaskResult result;
    try (TaskRuntime runtime = TaskRuntime.chicory(RuntimeConfig.DEFAULT.withSlots(1))) {
      result = runtime.run(taskModule, new TaskInput(stdin, args, seed), limits);
    } catch (TaskFailure f) {
      String cap = f.reason().cap() == null ? "" : ", the " + f.reason().cap() + " cap";
      throw new UserError("task failed (" + f.reason() + cap + "): " + f.getMessage()
          + String.format(Locale.ROOT, "; fuel used %,d", f.fuelUsed()), 1);
    }
    if (output != null) {
      Files.write(output, result.stdout());
    } else {
      OutputStream out = System.out;
      out.write(result.stdout());
      out.flush();
    }
    if (result.stderr().length > 0) {
      err.print(result.stderrText());
    }
    err.printf(Locale.ROOT, "fuel used %,d of %,d; wall time %.1f ms; exit code %d%n", result.fuelUsed(), limits.fuel(),
        result.wallTime().toNanos() / 1e6, result.exitCode());
    err.flush();
    return result.exitCode();
  }

  private TaskModule module() throws IOException {
    if (sample != null && module != null) {
      // picocli put the first argument in MODULE: with --sample every positional is an argument
      args.add(0, module.toString());
      module = null;
    }
    if (sample != null) {
      return Samples.find(sample).map(Samples.Sample::module).orElseThrow(() -> new UserError("no sample named '" + sample
          + "'; the samples are " + Samples.all().stream().map(Samples.Sample::id).collect(Collectors.joining(", ")), 2));
    }
    if (module == null) {
      throw new UserError("give a module: zennet task run MODULE.wasm, or --sample NAME (see zennet task samples)", 2);
    }
    try {
      return TaskModule.of(Files.readAllBytes(module));
    } catch (NoSuchFileException e) {
      throw new UserError("no such module file: " + module, 1);
    }
  }

  private TaskLimits limits() {
    try {
      return new TaskLimits(fuel, TaskLimits.pagesForMebibytes(memoryMb),
          Duration.ofNanos((long) (timeoutSeconds * 1e9)), maxOutputMb << 20, TaskLimits.DEFAULT_MAX_STDERR_BYTES);
    } catch (IllegalArgumentException e) {
      throw new UserError("bad limit: " + e.getMessage(), 2);
    }
  }

  private byte[] readInput() throws IOException {
    if (input != null) {
      try {
        return Files.readAllBytes(input);
      } catch (NoSuchFileException e) {
        throw new UserError("no such input file: " + input, 1);
      }
    }
    InputStream in = System.in;
    return in.readAllBytes();
  }

  /** The sample names, for --help and completion. */
  static final class SampleNames extends ArrayList<String> {
    private static final long serialVersionUID = 1L;

    SampleNames() {
      super(Samples.all().stream().map(Samples.Sample::id).toList());
    }
  }
}
