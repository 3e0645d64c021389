package org.zennet.cli.bench;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.zennet.cli.UserError;
import org.zennet.cli.demo.DemoJobs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code zennet bench jobs}: whole jobs on real provider processes. */
@Command(name = "jobs", mixinStandardHelpOptions = true,
    description = {
        "Whole jobs on a throw-away market of real provider processes (as zennet demo runs it), the publisher in this "
            + "process. Launch latency: from publishing a tiny job (escrow already funded, bidding window 0) to its "
            + "first task's result, on anvil's automine and with anvil at one-second blocks standing in for QBFT. "
            + "Throughput: the ray tracer's 300 tiles on 1, 2 and 4 providers of one slot each.",
        "Targets, reported and not enforced: launch under 1 s on automine, under 3 s with one-second blocks."})
public final class BenchJobsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--out", paramLabel = "FILE", defaultValue = "bench/jobs.json",
      description = "Where to write the JSON report. Default: ${DEFAULT-VALUE}.")
  Path out;

  @Option(names = "--launches", paramLabel = "N", defaultValue = "5",
      description = "Launches measured on each kind of chain; 0 skips them. Default: ${DEFAULT-VALUE}.")
  int launches;

  @Option(names = "--providers", paramLabel = "N,N,...", split = ",", defaultValue = "1,2,4",
      description = "Provider counts of the throughput runs (1..16); none with --providers=''. Default: ${DEFAULT-VALUE}.")
  List<Integer> providers;

  @Option(names = "--job", paramLabel = "raytrace|wordcount|pi|FILE", defaultValue = "raytrace",
      description = "The throughput runs' job. Default: ${DEFAULT-VALUE}.")
  String job;

  @Option(names = "--work-dir", paramLabel = "DIR", defaultValue = ".zennet/bench-jobs",
      description = "Where the clusters' keys, configs, databases and logs go (emptied). Default: ${DEFAULT-VALUE}.")
  Path workDir;

  @Override
  public Integer call() throws Exception {
    if (launches < 0 || launches > 100) {
      throw new UserError("--launches: 0..100, got " + launches, 2);
    }
    for (int n : providers) {
      if (n < 1 || n > 16) {
        throw new UserError("--providers: each 1..16, got " + n, 2);
      }
    }
    if (!DemoJobs.BUILT_IN.contains(job) && !java.nio.file.Files.isRegularFile(Path.of(job))) {
      throw new UserError("--job: '" + job + "' is neither a built-in job (" + String.join(", ", DemoJobs.BUILT_IN)
          + ") nor a job file", 2);
    }
    PrintWriter err = spec.commandLine().getErr();
    quietPublisher();
    JobBenchmark.Report report = JobBenchmark.run(new JobBenchmark.Config(launches, providers, job, workDir), line -> {
      err.println(line);
      err.flush();
    });
    BenchOutput.publish(spec, report.table(), report::write, out);
    return 0;
  }

  /** A job's lifecycle lines are noise between the benchmark's own. */
  static void quietPublisher() {
    if (org.slf4j.LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext logs
        && !logs.getLogger("org.zennet").isDebugEnabled()) {
      logs.getLogger("org.zennet.publisher").setLevel(ch.qos.logback.classic.Level.WARN);
    }
  }
}
