package org.zennet.cli.bench;

import org.zennet.contracts.AtomicFiles;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.zennet.cli.demo.DemoJobs;
import org.zennet.cli.demo.LocalCluster;
import org.zennet.contracts.Xen;
import org.zennet.contracts.ZennetContracts;
import org.zennet.contracts.devchain.DevChainConfig;
import org.zennet.publisher.JobReport;
import org.zennet.publisher.PublisherAgent;
import org.zennet.publisher.PublisherConfig;
import org.zennet.publisher.chain.ContractsPublisherChain;
import org.zennet.publisher.job.JobPlan;
import org.zennet.runtime.RuntimeConfig;
import org.zennet.runtime.TaskRuntime;

/**
 * Whole jobs on real provider processes: the launch latency (from publishing to the first task's result, on
 * anvil's automine and with one-second blocks standing in for QBFT) and the end-to-end throughput of a job on
 * 1, 2, 4... providers.
 */
public final class JobBenchmark {
  public static final int SCHEMA_VERSION = 1;
  /** DESIGN.md's launch-latency targets. */
  public static final double TARGET_LAUNCH_AUTOMINE_SECONDS = 1.0;
  public static final double TARGET_LAUNCH_BLOCKS_SECONDS = 3.0;
  /** The fuel per second written into the providers' configs: the self-benchmark is skipped, start-up is quicker. */
  static final long PROVIDER_FUEL_PER_SECOND = 500_000_000L;
  static final BigInteger PRICE_FLOOR = new BigInteger("500000000000000");
  /** Escrow put aside before the launches: a publisher that publishes often keeps its escrow funded. */
  static final BigInteger PREFUNDED_ESCROW = Xen.of(100);

  /**
   * @param launches launches measured per chain mode
   * @param providers the provider counts of the throughput runs
   * @param job the throughput runs' job: a built-in job name or a job file
   * @param workDir where the clusters live (emptied)
   */
  public record Config(int launches, List<Integer> providers, String job, Path workDir) {}

  /** One launch: from the call to publish to the first settled result. */
  public record Launch(String chain, int run, double seconds, double postToFirstResultSeconds) {}

  /** One throughput run. */
  public record Throughput(int providers, int tasks, long fuel, double jobSeconds, double workSeconds,
      double tasksPerSecond, double fuelPerSecond, Double speedUp, String xenSpent) {}

  /** What the benchmark found. */
  public record Report(String timestamp, Map<String, String> environment, Config config, List<Launch> launches,
      List<Throughput> throughput) {

    /** The median launch latency on {@code chain}, or NaN without launches. */
    public double medianLaunch(String chain) {
      double[] s = launches.stream().filter(l -> l.chain().equals(chain)).mapToDouble(Launch::seconds).sorted()
          .toArray();
      return s.length == 0 ? Double.NaN : s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    public String table() {
      StringBuilder t = new StringBuilder();
      t.append("launch latency: publish (escrow already funded) -> job posted -> bid, agreement, openChannels -> "
          + "the first task's result back\n");
      t.append(String.format(Locale.ROOT, "%-22s %8s %8s %8s %8s  %s%n", "chain", "runs", "min s", "median s",
          "max s", "target"));
      for (String chain : List.of(AUTOMINE, ONE_SECOND_BLOCKS)) {
        List<Launch> ls = launches.stream().filter(l -> l.chain().equals(chain)).toList();
        if (ls.isEmpty()) {
          continue;
        }
        double target = chain.equals(AUTOMINE) ? TARGET_LAUNCH_AUTOMINE_SECONDS : TARGET_LAUNCH_BLOCKS_SECONDS;
        double median = medianLaunch(chain);
        t.append(String.format(Locale.ROOT, "%-22s %8d %8.2f %8.2f %8.2f  < %.0f s: %s%n", chain, ls.size(),
            ls.stream().mapToDouble(Launch::seconds).min().orElse(0), median,
            ls.stream().mapToDouble(Launch::seconds).max().orElse(0), target, median < target ? "met" : "MISSED"));
      }
      if (!throughput.isEmpty()) {
        t.append("job throughput (").append(config.job()).append(", one slot per provider, ")
            .append(Runtime.getRuntime().availableProcessors()).append(" cores):\n");
        t.append(String.format(Locale.ROOT, "%9s %6s %14s %8s %8s %8s %14s %8s %10s%n", "providers", "tasks", "fuel",
            "job s", "work s", "tasks/s", "fuel/s", "speed-up", "XEN"));
        for (Throughput r : throughput) {
          t.append(String.format(Locale.ROOT, "%9d %6d %,14d %8.1f %8.1f %8.1f %,14.0f %8s %10s%n", r.providers(),
              r.tasks(), r.fuel(), r.jobSeconds(), r.workSeconds(), r.tasksPerSecond(), r.fuelPerSecond(),
              r.speedUp() == null ? "-" : String.format(Locale.ROOT, "%.2f", r.speedUp()), r.xenSpent()));
        }
        t.append("job s: publish to done (bidding window, closing included); work s: first to last result.\n");
      }
      return t.toString();
    }

    public void write(Path file) throws IOException {
      AtomicFiles.writeString(file, new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(
          Map.of("schemaVersion", SCHEMA_VERSION, "benchmark", "jobs", "report", this)));
    }
  }

  static final String AUTOMINE = "anvil automine";
  static final String ONE_SECOND_BLOCKS = "anvil 1-second blocks";

  private JobBenchmark() {}

  public static Report run(Config config, Consumer<String> log) throws Exception {
    List<Launch> launches = new ArrayList<>();
    if (config.launches() > 0) {
      launches.addAll(launches(config, AUTOMINE, DevChainConfig.DEFAULT, log));
      launches.addAll(launches(config, ONE_SECOND_BLOCKS, DevChainConfig.DEFAULT.withBlockTime(Duration.ofSeconds(1)),
          log));
    }
    List<Throughput> throughput = new ArrayList<>();
    Double oneProviderRate = null;
    for (int n : config.providers()) {
      Throughput r = throughput(config, n, oneProviderRate, log);
      if (n == 1) {
        oneProviderRate = r.tasksPerSecond();
      }
      throughput.add(r);
    }
    return new Report(Instant.now().toString(), Map.of("java", Runtime.version().toString(),
        "cores", Integer.toString(Runtime.getRuntime().availableProcessors()),
        "os", System.getProperty("os.name") + " " + System.getProperty("os.arch")), config, launches, throughput);
  }

  private static List<Launch> launches(Config config, String chain, DevChainConfig chainConfig, Consumer<String> log)
      throws Exception {
    log.accept("launch latency on " + chain + ": a dev chain and one provider ...");
    Path dir = LocalCluster.freshDir(config.workDir().resolve(chain.replace(' ', '-')));
    List<Launch> out = new ArrayList<>();
    try (LocalCluster cluster = LocalCluster.start(dir, chainConfig, 1)) {
      cluster.startProviders(1, new LocalCluster.ProviderSettings(PRICE_FLOOR, 1, PROVIDER_FUEL_PER_SECOND, false));
      try (ZennetContracts publisher = ZennetContracts.connect(cluster.deployment(), cluster.publisherKey())) {
        publisher.xen().approve(publisher.channels().address(), PREFUNDED_ESCROW).get(60, TimeUnit.SECONDS);
        publisher.channels().deposit(PREFUNDED_ESCROW).get(60, TimeUnit.SECONDS);
      }
      for (int run = 1; run <= config.launches(); run++) {
        Path jobFile = Files.writeString(dir.resolve("launch-" + run + ".yaml"), """
            name: launch-%d
            sample: pi
            args:
              range: {from: 1, to: 4}
              template: ["1000", "{i}"]
            reduce: concat
            maxPricePerMegaFuel: 1000000000000000
            budget: "1"
            replication: 0
            minProviders: 1
            biddingWindow: 0s
            """.formatted(run));
        JobPlan plan = DemoJobs.plan(jobFile, dir.resolve("out").resolve("launch-" + run));
        Published published = publish(cluster, plan, dir.resolve("publisher.sqlite"));
        JobReport report = published.report();
        long t0 = published.startedAt();
        if (!report.succeeded() || report.firstResultAt() == 0) {
          throw new IllegalStateException("launch " + run + " on " + chain + " did not complete: " + report.state());
        }
        Launch l = new Launch(chain, run, (report.firstResultAt() - t0) / 1000.0,
            (report.firstResultAt() - report.startedAt()) / 1000.0);
        log.accept(String.format(Locale.ROOT, "  launch %d: first result %.2f s after publish", run, l.seconds()));
        out.add(l);
      }
    }
    return out;
  }

  private static Throughput throughput(Config config, int providers, Double oneProviderRate, Consumer<String> log)
      throws Exception {
    log.accept("throughput with " + providers + " provider processes ...");
    Path dir = LocalCluster.freshDir(config.workDir().resolve("throughput-" + providers));
    try (LocalCluster cluster = LocalCluster.start(dir, DevChainConfig.DEFAULT, providers)) {
      cluster.startProviders(providers, new LocalCluster.ProviderSettings(PRICE_FLOOR, 1, PROVIDER_FUEL_PER_SECOND,
          false));
      JobPlan plan = DemoJobs.plan(DemoJobs.jobFile(config.job(), providers, dir.resolve("job")),
          dir.resolve("out"));
      Published published = publish(cluster, plan, dir.resolve("publisher.sqlite"));
      JobReport report = published.report();
      long t0 = published.startedAt();
      long t1 = published.endedAt();
      if (!report.succeeded()) {
        throw new IllegalStateException("the job on " + providers + " providers failed: " + report.state());
      }
      double work = Math.max(0.001, (report.lastResultAt() - report.firstResultAt()) / 1000.0);
      double rate = report.tasks() / work;
      Throughput r = new Throughput(providers, report.tasks(), report.totalFuel(), (t1 - t0) / 1000.0, work, rate,
          report.totalFuel() / work, oneProviderRate == null ? (providers == 1 ? 1.0 : null) : rate / oneProviderRate,
          Xen.format(report.spentWei()));
      log.accept(String.format(Locale.ROOT, "  %d providers: %d tasks in %.1f s of work, %.1f tasks/s", providers,
          r.tasks(), work, rate));
      return r;
    }
  }

  /** A job's report, with when {@code run} was called and when it returned (epoch milliseconds). */
  private record Published(JobReport report, long startedAt, long endedAt) {}

  /** Runs {@code plan} on a publisher agent made ready first: what is timed is the publishing, not the agent's start. */
  private static Published publish(LocalCluster cluster, JobPlan plan, Path database) throws Exception {
    PublisherConfig config = PublisherConfig.defaults(database);
    try (TaskRuntime runtime = TaskRuntime.chicory(RuntimeConfig.DEFAULT);
        PublisherAgent agent = PublisherAgent.create(config, cluster.publisherKey(),
            ContractsPublisherChain.connect(cluster.deployment(), cluster.publisherKey()), runtime, Clock.systemUTC())) {
      long started = System.currentTimeMillis();
      JobReport report = agent.run(plan, p -> { });
      return new Published(report, started, System.currentTimeMillis());
    }
  }
}
