package org.zennet.publisher.bench;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.Log;
import org.zennet.contracts.channel.VoucherDomain;
import org.zennet.contracts.channel.Vouchers;
import org.zennet.contracts.chain.ChainConnection;
import org.zennet.contracts.deploy.Deployer;
import org.zennet.contracts.deploy.Deployment;
import org.zennet.contracts.deploy.GenesisDistribution;
import org.zennet.contracts.devchain.DevChain;
import org.zennet.contracts.devchain.DevChainConfig;
import org.zennet.contracts.market.JobEvent;
import org.zennet.publisher.JobReport;
import org.zennet.publisher.PublisherAgent;
import org.zennet.publisher.PublisherConfig;
import org.zennet.publisher.chain.ContractsPublisherChain;
import org.zennet.publisher.job.ArgsSpec;
import org.zennet.publisher.job.JobPlan;
import org.zennet.publisher.job.JobSpec;
import org.zennet.runtime.RuntimeConfig;
import org.zennet.runtime.TaskRuntime;

/**
 * {@code zennet bench scale}: one publisher and N simulated providers in this JVM, on a throw-away dev chain —
 * the real transport (a TLS connection per provider), real negotiation, real channels and real vouchers;
 * only the work is simulated. Two runs per N: trivial tasks as fast as they go (tasks and vouchers per
 * second, CPU, memory), and tasks of a fixed length on one slot each (the efficiency: speed-up ÷ N).
 */
public final class ScaleBenchmark {
  /**
   * @param providers the N to run
   * @param tasksPerProvider trivial tasks per provider in the throughput run
   * @param fixedTaskMillis the length of a task in the efficiency run, ms (zero skips it)
   * @param fixedTasksPerProvider tasks per provider in the efficiency run
   * @param slots slots per provider in the throughput run
   */
  public record Config(List<Integer> providers, int tasksPerProvider, long fixedTaskMillis, int fixedTasksPerProvider,
      int slots) {
    public static final Config DEFAULT = new Config(List.of(1, 10, 100, 1000), 20, 1000, 5, 4);

    public Config {
      providers = List.copyOf(providers);
      if (providers.isEmpty() || providers.stream().anyMatch(n -> n < 1 || n > 5000)) {
        throw new IllegalArgumentException("provider counts must be 1..5000");
      }
      if (tasksPerProvider < 1 || fixedTasksPerProvider < 1 || slots < 1 || fixedTaskMillis < 0) {
        throw new IllegalArgumentException("tasks per provider and slots must be positive");
      }
    }
  }

  /** One throughput or efficiency run. */
  public record Row(String kind, int providers, int tasks, double setupSeconds, double workSeconds,
      double tasksPerSecond, double vouchersPerSecond, double cpuSeconds, long heapMiB, Double efficiency,
      int connectedAtOnce, long openChannelsTransactions) {}

  private ScaleBenchmark() {}

  public static ScaleReport run(Config config, Consumer<String> progress) throws Exception {
    List<Row> rows = new ArrayList<>();
    Path work = Files.createTempDirectory("zennet-bench-scale");
    try (DevChain dev = DevChain.start(DevChainConfig.DEFAULT.withWorkDir(work.resolve("chain")))) {
      Credentials treasury = dev.devKeys().get(0);
      Deployment deployment;
      try (ChainConnection connection = ChainConnection.connect(dev.httpUrl(), dev.chainId())) {
        deployment = new Deployer(connection, treasury).deploy(GenesisDistribution.dev(treasury.getAddress(),
            dev.devKeys().subList(1, 5).stream().map(Credentials::getAddress).toList()), Deployer.DEV_CHALLENGE_PERIOD,
            dev.httpUrl(), dev.wsUrl());
      }
      int run = 0;
      for (int n : config.providers()) {
        progress.accept("scale: " + n + " providers, trivial tasks ...");
        rows.add(once(dev, deployment, work.resolve("run" + run++), n, n * config.tasksPerProvider(), config.slots(),
            Duration.ZERO));
        if (config.fixedTaskMillis() > 0) {
          progress.accept("scale: " + n + " providers, " + config.fixedTaskMillis() + " ms tasks ...");
          rows.add(once(dev, deployment, work.resolve("run" + run++), n, n * config.fixedTasksPerProvider(), 1,
              Duration.ofMillis(config.fixedTaskMillis())));
        }
      }
    }
    return new ScaleReport(Instant.now().toString(), environment(), config, rows);
  }

  private static Row once(DevChain dev, Deployment deployment, Path dir, int n, int tasks, int slots, Duration taskLength)
      throws Exception {
    Credentials publisher = dev.devKeys().get(1);
    Vouchers vouchers = new Vouchers(new VoucherDomain(deployment.chainId(), deployment.requireAddress(Deployer.PAYMENT_CHANNELS)));
    ArgsSpec args = new ArgsSpec(null, new ArgsSpec.Range(0, tasks - 1, null), null, List.of("{i}"));
    JobSpec spec = new JobSpec("scale-" + n, null, "pi", null, args, null, BigInteger.valueOf(1_000_000_000_000L), null,
        new BigDecimal("1000"), 0.0, null, 1_000_000L, null, Duration.ofSeconds(60), null, n, n,
        Duration.ofSeconds(Math.max(2, n / 100)), Duration.ofMinutes(30), dir.resolve("out"));
    JobPlan plan = JobPlan.of(spec);
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(Math.max(2, Runtime.getRuntime().availableProcessors())));
    AtomicLong firstStart = new AtomicLong(Long.MAX_VALUE);
    AtomicLong lastEnd = new AtomicLong();
    SimulatedProvider.Work trivial = SimulatedProvider.trivial(vertx, taskLength, 1_000_000);
    SimulatedProvider.Work timed = (module, task, input) -> {
      firstStart.accumulateAndGet(System.nanoTime(), Math::min);
      return trivial.run(module, task, input).whenComplete((a, e) -> lastEnd.accumulateAndGet(System.nanoTime(), Math::max));
    };
    List<SimulatedProvider> providers = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      providers.add(SimulatedProvider.create(vertx, Credentials.create(Keys.createEcKeyPair()), vouchers,
          BigInteger.valueOf(1_000_000_000_000L), slots, timed));
    }
    long cpuBefore = processCpuNanos();
    long started = System.nanoTime();
    try (TaskRuntime runtime = TaskRuntime.chicory(RuntimeConfig.DEFAULT.withSlots(1));
        ChainConnection chain = ChainConnection.connect(dev.httpUrl(), dev.chainId());
        PublisherAgent agent = PublisherAgent.create(PublisherConfig.defaults(dir.resolve("publisher.sqlite"))
            .withCloseGrace(Duration.ZERO), publisher, ContractsPublisherChain.connect(deployment, publisher), runtime,
            Clock.systemUTC())) {
      long afterBlock = chain.web3j().ethBlockNumber().send().getBlockNumber().longValueExact();
      CompletableFuture<JobReport> report = CompletableFuture.supplyAsync(() -> {
        try {
          return agent.run(plan, p -> {});
        } catch (Exception e) {
          throw new java.util.concurrent.CompletionException(e);
        }
      }, Executors.newVirtualThreadPerTaskExecutor());
      JobEvent.Posted posted = awaitPosted(chain, deployment.requireAddress(Deployer.JOB_MARKET), afterBlock, report);
      List<CompletableFuture<BigInteger>> joins = new ArrayList<>();
      for (SimulatedProvider p : providers) {
        joins.add(p.join(posted.endpoint(), posted.jobId(), posted.manifestHash()).toCompletionStage().toCompletableFuture());
      }
      for (CompletableFuture<BigInteger> j : joins) {
        j.get(5, TimeUnit.MINUTES);
      }
      JobReport done = report.get(30, TimeUnit.MINUTES);
      if (!done.succeeded()) {
        throw new IllegalStateException("the benchmark job failed: " + done.table());
      }
      double work = (lastEnd.get() - firstStart.get()) / 1e9;
      double setup = (firstStart.get() - started) / 1e9;
      long vouchersReceived = providers.stream().mapToLong(SimulatedProvider::vouchersAccepted).sum();
      long refused = providers.stream().mapToLong(SimulatedProvider::vouchersRefused).sum();
      if (refused > 0) {
        throw new IllegalStateException(refused + " vouchers were refused by the simulated providers");
      }
      Double efficiency = taskLength.isZero() ? null
          : tasks * (taskLength.toNanos() / 1e9) / (n * work);
      Runtime rt = Runtime.getRuntime();
      long heap = (rt.totalMemory() - rt.freeMemory()) >> 20;
      long opens = done.transactions().stream().filter(t -> t.kind().equals("openChannels")).count();
      return new Row(taskLength.isZero() ? "throughput" : "fixed " + taskLength.toMillis() + " ms", n, tasks, setup, work,
          tasks / work, vouchersReceived / work, (processCpuNanos() - cpuBefore) / 1e9, heap, efficiency,
          done.providers().size(), opens);
    } finally {
      providers.forEach(SimulatedProvider::close);
      vertx.close();
    }
  }

  private static JobEvent.Posted awaitPosted(ChainConnection chain, String market, long afterBlock,
      CompletableFuture<JobReport> run) throws Exception {
    long deadline = System.currentTimeMillis() + 60_000;
    while (System.currentTimeMillis() < deadline) {
      if (run.isCompletedExceptionally()) {
        run.get();
      }
      EthLog logs = chain.web3j().ethGetLogs(new EthFilter(
          org.web3j.protocol.core.DefaultBlockParameter.valueOf(BigInteger.valueOf(afterBlock)),
          DefaultBlockParameterName.LATEST, market)).send();
      for (EthLog.LogResult<?> r : logs.getLogs()) {
        var event = JobEvent.decode((Log) r.get());
        if (event.isPresent() && event.get() instanceof JobEvent.Posted posted) {
          return posted;
        }
      }
      Thread.sleep(100);
    }
    throw new IOException("the benchmark's job was not posted within a minute");
  }

  private static long processCpuNanos() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return 0;
  }

  private static java.util.Map<String, String> environment() {
    return java.util.Map.of("java", Runtime.version().toString(),
        "cpus", Integer.toString(Runtime.getRuntime().availableProcessors()),
        "maxHeapMiB", Long.toString(Runtime.getRuntime().maxMemory() >> 20),
        "os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
  }
}
