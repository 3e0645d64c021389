package org.zennet.cli.bench;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.zennet.watcher.WatcherConfig;
import org.zennet.watcher.bench.WatcherBenchReport;
import org.zennet.watcher.bench.WatcherBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code zennet bench watcher}: how many channels a watcher holds and how fast it redeems a burst of closes. */
@Command(name = "watcher", mixinStandardHelpOptions = true,
    description = {
        "A channel watcher in this JVM on a throw-away dev chain, holding vouchers for N channels of simulated "
            + "providers (real transport, real vouchers, real SQLite): delegations per second with every provider "
            + "delegating at once, the time from a burst of startClose to every one of those channels redeemed, the "
            + "heap and the database size."})
public final class BenchWatcherCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--out", paramLabel = "FILE", defaultValue = "bench/watcher.json",
      description = "Where to write the JSON report. Default: ${DEFAULT-VALUE}.")
  Path out;

  @Option(names = "--channels", paramLabel = "N", defaultValue = "10000",
      description = "Channels the watcher holds. Default: ${DEFAULT-VALUE}.")
  int channels;

  @Option(names = "--burst", paramLabel = "N", defaultValue = "1000",
      description = "Channels whose close is started at once. Default: ${DEFAULT-VALUE}.")
  int burst;

  @Option(names = "--providers", paramLabel = "N", defaultValue = "50",
      description = "Providers sharing the channels, one delegation stream each. Default: ${DEFAULT-VALUE}.")
  int providers;

  @Option(names = "--batch-size", paramLabel = "N", defaultValue = "" + WatcherConfig.DEFAULT_BATCH_SIZE,
      description = "The watcher's redeemMany batch size. Default: ${DEFAULT-VALUE}.")
  int batchSize;

  @Override
  public Integer call() throws Exception {
    WatcherBenchmark.Config config;
    try {
      config = new WatcherBenchmark.Config(channels, burst, Math.min(providers, channels), batchSize);
    } catch (IllegalArgumentException e) {
      throw new org.zennet.cli.UserError(e.getMessage(), 2);
    }
    if (org.slf4j.LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext logs
        && !logs.getLogger("org.zennet").isDebugEnabled()) {
      logs.getLogger("org.zennet.watcher").setLevel(ch.qos.logback.classic.Level.WARN);
    }
    WatcherBenchReport report = WatcherBenchmark.run(config, line -> {
      spec.commandLine().getErr().println(line);
      spec.commandLine().getErr().flush();
    });
    BenchOutput.publish(spec, report.table(), report::write, out);
    return 0;
  }
}
