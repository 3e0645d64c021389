package org.zennet.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.Transaction;
import org.zennet.cli.demo.DemoJobs;
import org.zennet.cli.demo.DemoSettlement;
import org.zennet.cli.demo.LocalCluster;
import org.zennet.contracts.ZennetContracts;
import org.zennet.contracts.channel.ChannelInfo;
import org.zennet.contracts.deploy.Deployment;
import org.zennet.contracts.devchain.DevChainConfig;
import org.zennet.publisher.JobReport;
import org.zennet.publisher.Progress;
import org.zennet.publisher.PublisherAgent;
import org.zennet.publisher.PublisherConfig;
import org.zennet.publisher.chain.ContractsPublisherChain;
import org.zennet.publisher.job.JobPlan;
import org.zennet.publisher.job.JobSpec;
import org.zennet.publisher.job.TaskSpec;
import org.zennet.publisher.results.Reducer;
import org.zennet.publisher.results.ResultFiles;
import org.zennet.runtime.RuntimeConfig;
import org.zennet.runtime.TaskInput;
import org.zennet.runtime.TaskLimits;
import org.zennet.runtime.TaskRuntime;

/**
 * One test's market: a {@link LocalCluster} (dev chain, contracts, agents as processes), a reader of the chain,
 * a publisher run in this JVM or as a process, the books of a job checked to the wei with {@link DemoSettlement},
 * and the local single-process run that results are compared with. {@link #close} stops everything it started.
 */
final class Market implements AutoCloseable {
  /** Providers' floors, XEN wei per million fuel: under the test jobs' target price, so all agree. */
  static final BigInteger PRICE_FLOOR = new BigInteger("500000000000000");
  /** The test jobs' price: what every provider is paid per million fuel. */
  static final BigInteger PRICE = new BigInteger("800000000000000");
  /** Fixed fuel per second: the providers skip the self-benchmark at start-up. */
  static final long FUEL_PER_SECOND = 200_000_000L;
  /** The providers' settings: fixed fuel per second, one slot, delegating to the watcher. */
  static final LocalCluster.ProviderSettings PROVIDERS = LocalCluster.ProviderSettings.DEFAULT
      .withPriceFloor(PRICE_FLOOR).withFuelPerSecond(FUEL_PER_SECOND);
  private static final int TIMEOUT_SECONDS = 30;

  private final Path dir;
  private final LocalCluster cluster;
  private final ZennetContracts reader;
  private final TaskRuntime runtime = TaskRuntime.chicory(RuntimeConfig.DEFAULT.withSlots(2));
  private final List<PublisherAgent> agents = new ArrayList<>();
  private final List<AutoCloseable> others = new ArrayList<>();

  private Market(Path dir, LocalCluster cluster, ZennetContracts reader) {
    this.dir = dir;
    this.cluster = cluster;
    this.reader = reader;
  }

  /**
   * A fresh folder for one test under {@code target/it/CLASS/METHOD}: kept after the run, so that the agents'
   * logs ({@code cluster/logs/}) and databases can be read when a test fails.
   */
  static Path testDir(org.junit.jupiter.api.TestInfo test) throws Exception {
    Path root = Path.of(System.getProperty("zennet.tests.dir", "target/it"));
    return LocalCluster.freshDir(root.resolve(test.getTestClass().orElseThrow().getSimpleName())
        .resolve(test.getTestMethod().orElseThrow().getName()).toAbsolutePath());
  }

  /** A dev chain with the contracts, room for {@code maxProviders}; no agent runs yet. */
  static Market start(Path dir, int maxProviders) throws Exception {
    LocalCluster cluster = LocalCluster.start(dir.resolve("cluster"), DevChainConfig.DEFAULT, maxProviders);
    try {
      return new Market(dir, cluster, ZennetContracts.connect(cluster.deployment(), cluster.publisherKey()));
    } catch (Exception e) {
      cluster.close();
      throw e;
    }
  }

  LocalCluster cluster() {
    return cluster;
  }

  ZennetContracts reader() {
    return reader;
  }

  TaskRuntime runtime() {
    return runtime;
  }

  /** Closes {@code c} with the market (before the cluster stops). */
  <T extends AutoCloseable> T closeLater(T c) {
    others.add(c);
    return c;
  }

  /** Writes a job file {@code NAME.yaml} into the test's folder. */
  Path jobFile(String name, String yaml) throws Exception {
    Path jobs = Files.createDirectories(dir.resolve("jobs"));
    return Files.writeString(jobs.resolve(name + ".yaml"), yaml);
  }

  /** Reads a job file, its results going to {@code out/NAME}. */
  JobPlan plan(Path jobFile, String name) {
    return DemoJobs.plan(jobFile, dir.resolve("out").resolve(name).toAbsolutePath());
  }

  /** The publisher's config for an in-process run: its database in the test's folder, a short close grace. */
  PublisherConfig publisherConfig(String name) throws Exception {
    Path db = Files.createDirectories(dir.resolve("publisher-" + name)).resolve("publisher.sqlite");
    return PublisherConfig.defaults(db).withCloseGrace(Duration.ofSeconds(15));
  }

  /** Runs {@code plan} with a publisher in this JVM, on a virtual thread. */
  CompletableFuture<JobReport> publish(JobPlan plan, PublisherConfig config, Consumer<Progress> progress)
      throws Exception {
    return publish(plan, config, cluster.deployment(), progress);
  }

  /** Runs {@code plan} with a publisher in this JVM that reaches the chain as {@code deployment} says. */
  CompletableFuture<JobReport> publish(JobPlan plan, PublisherConfig config, Deployment deployment,
      Consumer<Progress> progress) throws Exception {
    PublisherAgent agent = PublisherAgent.create(config, cluster.publisherKey(),
        ContractsPublisherChain.connect(deployment, cluster.publisherKey()), runtime, Clock.systemUTC());
    synchronized (agents) {
      agents.add(agent);
    }
    CompletableFuture<JobReport> report = new CompletableFuture<>();
    Thread.ofVirtual().name("publisher").start(() -> {
      try {
        JobReport r = agent.run(plan, progress);
        closeAgent(agent);
        report.complete(r);
      } catch (Throwable e) {
        closeAgent(agent);
        report.completeExceptionally(e);
      }
    });
    return report;
  }

  /**
   * Stops a publisher whose job is over, as {@code zennet publish} exits: its host goes, so that providers connect
   * to the next publisher with the same key (and PeerId) instead of reusing the old connection.
   */
  private void closeAgent(PublisherAgent agent) {
    synchronized (agents) {
      if (!agents.remove(agent)) {
        return;
      }
    }
    agent.close();
  }

  /** The settlement of the job's books over the providers given (account to name). */
  DemoSettlement settlement(List<LocalCluster.Provider> providers) {
    Map<String, String> names = new LinkedHashMap<>();
    providers.forEach(p -> names.put(p.address(), p.name()));
    String watcher = cluster.watcher() == null ? null : cluster.watcher().address();
    return new DemoSettlement(reader, cluster.publisherKey().getAddress(), names, watcher);
  }

  /** Waits until every channel of the report is closed on chain. */
  void awaitClosed(JobReport report, Duration timeout) throws Exception {
    List<BigInteger> channels = report.providers().stream().map(JobReport.ProviderShare::channelId)
        .filter(c -> c != null).toList();
    awaitClosed(channels, timeout);
  }

  void awaitClosed(List<BigInteger> channels, Duration timeout) throws Exception {
    for (BigInteger c : channels) {
      await("channel " + c + " closed", timeout, () -> channel(c).state() == ChannelInfo.State.CLOSED);
    }
  }

  ChannelInfo channel(BigInteger id) throws Exception {
    return reader.channels().channelInfo(id).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
  }

  BigInteger xen(String account) throws Exception {
    return reader.xen().balanceOf(account).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
  }

  BigInteger escrow() throws Exception {
    return reader.channels().escrowOf(cluster.publisherKey().getAddress()).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
  }

  /** XenCoin's total supply, read with an eth_call of {@code totalSupply()}. */
  BigInteger totalSupply() throws Exception {
    Function f = new Function("totalSupply", List.of(), List.of(new TypeReference<Uint256>() {}));
    String xen = cluster.deployment().requireAddress(Deployment.XEN_COIN);
    String out = reader.chain().web3j().ethCall(Transaction.createEthCallTransaction(null, xen,
        FunctionEncoder.encode(f)), DefaultBlockParameterName.LATEST).send().getValue();
    @SuppressWarnings("rawtypes")
    List<Type> decoded = FunctionReturnDecoder.decode(out, f.getOutputParameters());
    return (BigInteger) decoded.get(0).getValue();
  }

  /**
   * Checks the books of a job whose channels are all closed: every provider promised floor(fuel × price / 10^6)
   * per channel, redeemed exactly that, its balance grew by it, the publisher spent exactly that; the contract
   * holds only the publisher's free escrow; the supply is unchanged.
   */
  DemoSettlement.Books assertBooksBalance(DemoSettlement settlement, JobReport report, DemoSettlement.Snapshot before,
      BigInteger supplyBefore) throws Exception {
    DemoSettlement.Books books = settlement.books(report, before, settlement.snapshot());
    assertThat(books.problems()).as(report.table()).isEmpty();
    for (JobReport.ProviderShare s : report.providers()) {
      assertThat(s.paidWei()).as("floor(fuel × price / 10^6) for %s", s.provider())
          .isEqualTo(org.zennet.protocol.wire.Pricing.owed(s.fuel(), s.pricePerMegaFuel()));
    }
    assertThat(xen(reader.channels().address())).as("the contract holds only the free escrow (every channel closed)")
        .isEqualTo(escrow());
    assertThat(totalSupply()).as("XEN's supply").isEqualTo(supplyBefore);
    return books;
  }

  /** Reads the {@code summary.json} a publisher process wrote. */
  static JobReport readReport(Path summary) throws Exception {
    return new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .readValue(summary.toFile(), JobReport.class);
  }

  /**
   * The job's result computed in this process: every task run by the same runtime, the outputs reduced the same
   * way, without a chain or a provider.
   *
   * @return the result file's bytes (the concatenated map outputs when the job has no reduce step)
   */
  byte[] localResult(JobPlan plan) throws Exception {
    JobSpec s = plan.spec();
    Path root = Files.createDirectories(dir.resolve("local").resolve(s.name()));
    ResultFiles files = new ResultFiles(root);
    TaskLimits limits = new TaskLimits(s.fuelPerTask(), s.memoryPages(), s.taskTimeout(), s.maxOutputBytes(),
        TaskLimits.DEFAULT_MAX_STDERR_BYTES);
    List<CompletableFuture<Void>> runs = new ArrayList<>();
    for (TaskSpec t : plan.tasks()) {
      byte[] input = plan.input(t);
      runs.add(runtime.submit(plan.module(), new TaskInput(input, t.args(), t.index()), limits).thenAccept(r -> {
        try {
          files.writeRun(t.index(), "local", r.requireSuccess().stdout());
          files.settle(t.index(), "local");
        } catch (Exception e) {
          throw new CompletionException(e);
        }
      }));
    }
    CompletableFuture.allOf(runs.toArray(CompletableFuture[]::new)).get(5, TimeUnit.MINUTES);
    Path result = Reducer.reduce(plan, files, runtime);
    if (result == null) {
      java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
      files.concatenate(plan.tasks().size(), all);
      return all.toByteArray();
    }
    return Files.readAllBytes(result);
  }

  /** A provider's jobs as its SQLite file holds them: job id to (fuel delivered, tasks, price, increment, state). */
  static Map<BigInteger, ProviderJob> providerJobs(LocalCluster.Provider p) throws Exception {
    Map<BigInteger, ProviderJob> jobs = new LinkedHashMap<>();
    try (Connection db = DriverManager.getConnection("jdbc:sqlite:file:" + p.database() + "?mode=ro");
        Statement s = db.createStatement();
        ResultSet r = s.executeQuery("SELECT j.job_id, j.channel_id, j.fuel, j.tasks, j.price, j.increment, j.state, "
            + "c.amount, c.redeemed FROM jobs j LEFT JOIN channels c ON c.channel_id = j.channel_id")) {
      while (r.next()) {
        BigInteger jobId = new BigInteger(r.getString(1));
        jobs.put(jobId, new ProviderJob(jobId, r.getString(2) == null ? null
            : new BigInteger(r.getString(2)), r.getLong(3), r.getLong(4), new BigInteger(r.getString(5)), r.getLong(6),
            r.getString(7), r.getString(8) == null ? BigInteger.ZERO : new BigInteger(r.getString(8)),
            r.getString(9) == null ? BigInteger.ZERO : new BigInteger(r.getString(9))));
      }
    }
    return jobs;
  }

  /**
   * One job in a provider's database.
   *
   * @param fuel the fuel of every result it delivered (committed before the result was sent)
   * @param increment the payment increment, million fuel
   * @param best the best voucher it holds, wei
   * @param redeemed what it has been paid on chain, wei
   */
  record ProviderJob(BigInteger jobId, BigInteger channelId, long fuel, long tasks, BigInteger price, long increment, String state,
      BigInteger best, BigInteger redeemed) {
    /** What its delivered results are worth: floor(fuel × price / 10^6). */
    BigInteger worth() {
      return org.zennet.protocol.wire.Pricing.owed(fuel, price);
    }

    /** One payment increment, wei. */
    BigInteger incrementWei() {
      return org.zennet.protocol.wire.Pricing.increment(increment, price);
    }
  }

  /**
   * Waits until the provider's database records job {@code jobId}'s channel closed (a moment after the chain
   * shows it: the provider writes it when the receipt of its close comes back) and returns the job's row.
   */
  static ProviderJob awaitRecordedClosed(LocalCluster.Provider p, BigInteger jobId) throws Exception {
    await(p.name() + " recorded job " + jobId + " closed", Duration.ofSeconds(30), () -> {
      ProviderJob j = providerJobs(p).get(jobId);
      return j != null && "CLOSED".equals(j.state());
    });
    return providerJobs(p).get(jobId);
  }

  /** Polls {@code condition} every 200 ms until it holds, failing after {@code timeout}. */
  static void await(String what, Duration timeout, Check condition) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.holds()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + timeout.toSeconds() + " s: " + what);
      }
      Thread.sleep(200);
    }
  }

  /** A condition polled by {@link #await}. */
  @FunctionalInterface
  interface Check {
    boolean holds() throws Exception;
  }

  /** Lines of an agent's log files (every run of it: NAME.log, NAME.2.log, ...) that {@code filter} keeps. */
  List<String> logLines(String name, Predicate<String> filter) throws Exception {
    List<String> out = new ArrayList<>();
    try (var files = Files.list(cluster.dir().resolve("logs"))) {
      for (Path f : files.filter(f -> f.getFileName().toString().matches(java.util.regex.Pattern.quote(name)
          + "(\\.\\d+)?\\.log")).sorted().toList()) {
        Files.readAllLines(f).stream().filter(filter).forEach(out::add);
      }
    }
    return out;
  }

  /** Stops the publishers of this JVM, then every process of the cluster, then the chain. */
  @Override
  public void close() throws Exception {
    try {
      for (PublisherAgent a : List.copyOf(agents)) {
        closeAgent(a);
      }
      for (AutoCloseable c : others.reversed()) {
        try {
          c.close();
        } catch (Exception e) {
          // closing the rest anyway
        }
      }
      reader.close();
      runtime.close();
    } finally {
      cluster.close();
    }
  }
}
