package org.zennet.cli.bench;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.zennet.publisher.bench.ScaleBenchmark;
import org.zennet.publisher.bench.ScaleReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code zennet bench scale}: one publisher, many providers. */
@Command(name = "scale", mixinStandardHelpOptions = true,
    description = {
        "One publisher with N simulated providers in this JVM on a throw-away dev chain: real transport (one TLS "
            + "connection each), negotiation, one batched openChannels, real EIP-712 vouchers; only the work is "
            + "simulated. Per N: trivial tasks as fast as they go (tasks/s, vouchers/s, CPU, heap), then tasks of a "
            + "fixed length on one slot each (efficiency = speed-up / N).",
        "Targets, reported and not enforced: 1,000 providers connected at once; efficiency >= 0.9 at N = 100 with "
            + "1-second tasks; >= 2,000 paid tasks per second."})
public final class BenchScaleCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--out", paramLabel = "FILE", defaultValue = "bench/scale.json",
      description = "Where to write the JSON report. Default: ${DEFAULT-VALUE}.")
  Path out;

  @Option(names = "--providers", paramLabel = "N,N,...", split = ",", defaultValue = "1,10,100,1000",
      description = "The provider counts. Default: ${DEFAULT-VALUE}.")
  List<Integer> providers;

  @Option(names = "--tasks-per-provider", paramLabel = "N", defaultValue = "20",
      description = "Trivial tasks per provider in the throughput runs. Default: ${DEFAULT-VALUE}.")
  int tasksPerProvider;

  @Option(names = "--task-millis", paramLabel = "MS", defaultValue = "1000",
      description = "Length of a task in the efficiency runs; 0 skips them. Default: ${DEFAULT-VALUE}.")
  long taskMillis;

  @Option(names = "--fixed-tasks-per-provider", paramLabel = "N", defaultValue = "5",
      description = "Tasks per provider in the efficiency runs. Default: ${DEFAULT-VALUE}.")
  int fixedTasksPerProvider;

  @Option(names = "--slots", paramLabel = "N", defaultValue = "4",
      description = "Slots per provider in the throughput runs. Default: ${DEFAULT-VALUE}.")
  int slots;

  @Override
  public Integer call() throws Exception {
    PrintWriter err = spec.commandLine().getErr();
    // a line per provider and channel is noise at a thousand providers: the publisher's lifecycle lines are off
    if (org.slf4j.LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext logs
        && !logs.getLogger("org.zennet").isDebugEnabled()) {
      logs.getLogger("org.zennet.publisher").setLevel(ch.qos.logback.classic.Level.WARN);
    }
    ScaleReport report = ScaleBenchmark.run(new ScaleBenchmark.Config(providers, tasksPerProvider,
        taskMillis, fixedTasksPerProvider, slots), line -> {
          err.println(line);
          err.flush();
        });
    BenchOutput.publish(spec, report.table(), report::write, out);
    return 0;
  }
}
