package org.zennet.tests;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.Log;
import org.zennet.cli.demo.DemoSettlement;
import org.zennet.cli.demo.LocalCluster;
import org.zennet.contracts.ZennetContracts;
import org.zennet.contracts.channel.ChannelInfo;
import org.zennet.contracts.channel.SignedVoucher;
import org.zennet.contracts.channel.VoucherDomain;
import org.zennet.contracts.channel.Vouchers;
import org.zennet.contracts.deploy.Deployer;
import org.zennet.contracts.market.JobEvent;
import org.zennet.protocol.wire.Pricing;
import org.zennet.publisher.JobReport;
import org.zennet.publisher.PublisherConfig;
import org.zennet.publisher.bench.SimulatedProvider;
import org.zennet.publisher.job.JobPlan;
import org.zennet.publisher.store.PublisherStore;
import org.zennet.publisher.store.SqlitePublisherStore;
import org.zennet.runtime.TaskInput;
import org.zennet.runtime.TaskLimits;
import org.zennet.runtime.TaskModule;

/**
 * Issue 6's end-to-end tests: real provider agents (separate {@code zennet provide} processes, each with its own
 * key, port and SQLite file), a watcher process, the publisher in this JVM, on anvil. The results are byte for
 * byte those of a local single-process run; every provider is paid exactly floor(fuel × price / 10^6) per
 * channel, read back from the chain; a cheating provider is caught by replication and cut off.
 */
class RealProvidersIT {
  private Path dir;
  private Market market;
  private Vertx vertx;

  @BeforeEach
  void folder(TestInfo test) throws Exception {
    dir = Market.testDir(test);
  }

  @AfterEach
  void stopEverything() throws Exception {
    try {
      if (market != null) {
        market.close();
      }
    } finally {
      if (vertx != null) {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      }
    }
  }

  static String raytrace(String name, int width, int height, int tileWidth, int tileHeight, double replication,
      int minProviders) {
    return """
        name: %s
        sample: raytrace
        args:
          grid: {width: %d, height: %d, tileWidth: %d, tileHeight: %d}
          template: ["{width}", "{height}", "{x}", "{y}", "{tileWidth}", "{tileHeight}"]
        reduce: png
        maxPricePerMegaFuel: 1000000000000000
        targetPricePerMegaFuel: %s
        budget: "5"
        replication: %s
        minProviders: %d
        biddingWindow: 2s
        """.formatted(name, width, height, tileWidth, tileHeight, Market.PRICE, replication, minProviders);
  }

  @Test
  void wordcountAndRaytraceOnThreeProviderProcessesMatchALocalRunAndEveryoneIsPaidToTheWei() throws Exception {
    market = Market.start(dir, 3);
    market.cluster().startWatcher();
    List<LocalCluster.Provider> providers = market.cluster().startProviders(3, Market.PROVIDERS);
    DemoSettlement settlement = market.settlement(providers);
    BigInteger supply = market.totalSupply();

    writeCorpus(dir.resolve("jobs").resolve("corpus.txt"), 6_000);
    JobPlan wordcount = market.plan(market.jobFile("wordcount", """
        name: e2e-wordcount
        sample: wordcount
        inputs: {file: corpus.txt, split: lines, chunks: 18}
        reduce: {sample: wordsum}
        maxPricePerMegaFuel: 1000000000000000
        targetPricePerMegaFuel: %s
        budget: "5"
        replication: 0.2
        minProviders: 3
        biddingWindow: 2s
        """.formatted(Market.PRICE)), "wordcount");
    JobPlan render = market.plan(market.jobFile("raytrace", raytrace("e2e-raytrace", 256, 192, 32, 32, 0.2, 3)),
        "raytrace");

    for (JobPlan plan : List.of(wordcount, render)) {
      byte[] local = market.localResult(plan);
      DemoSettlement.Snapshot before = settlement.snapshot();
      JobReport report = market.publish(plan, market.publisherConfig(plan.spec().name()), p -> {})
          .get(3, TimeUnit.MINUTES);
      assertThat(report.succeeded()).as(report.table()).isTrue();
      assertThat(report.result()).isNotNull();
      assertThat(Files.readAllBytes(Path.of(report.result()))).as("%s: the result is the local run's, byte for byte",
          plan.spec().name()).isEqualTo(local);
      // every provider worked, on a channel of its own, at the job's price
      assertThat(report.providers()).hasSize(3).allSatisfy(s -> {
        assertThat(s.tasksPaid()).isPositive();
        assertThat(s.pricePerMegaFuel()).isEqualTo(Market.PRICE);
        assertThat(s.cutOff()).isFalse();
      });
      assertThat(report.providers().stream().mapToLong(JobReport.ProviderShare::tasksPaid).sum())
          .as("every task paid once, and the replicas").isGreaterThanOrEqualTo(plan.tasks().size());
      market.awaitClosed(report, Duration.ofSeconds(60));
      DemoSettlement.Books books = market.assertBooksBalance(settlement, report, before, supply);
      System.out.printf("%s: %d tasks, %,d fuel, %s wei, %.1f s; per provider %s%n", plan.spec().name(),
          report.tasks(), report.totalFuel(), report.spentWei(), report.wallTimeMillis() / 1000.0,
          books.providers().stream().map(r -> r.name() + " " + r.tasks() + " tasks " + r.fuel() + " fuel "
              + r.redeemed() + " wei").toList());
      // the providers' own books say the same: what they delivered is what they were paid
      for (LocalCluster.Provider p : providers) {
        Market.ProviderJob job = Market.awaitRecordedClosed(p, report.jobId());
        JobReport.ProviderShare share = report.providers().stream().filter(s -> s.provider().equals(p.address()))
            .findFirst().orElseThrow();
        assertThat(job.fuel()).as(p.name()).isEqualTo(share.fuel());
        assertThat(job.redeemed()).as(p.name()).isEqualTo(share.paidWei()).isEqualTo(job.worth());
        assertThat(job.state()).as(p.name()).isEqualTo("CLOSED");
      }
    }
  }

  @Test
  void aCheatingProviderIsCaughtByReplicationCutOffRecordedAndPaidNoMoreThanItHeld() throws Exception {
    market = Market.start(dir, 3);
    market.cluster().startWatcher();
    List<LocalCluster.Provider> honest = market.cluster().startProviders(3, Market.PROVIDERS);
    vertx = Vertx.vertx();
    Credentials cheatKey = Credentials.create(Keys.createEcKeyPair());
    Vouchers vouchers = new Vouchers(new VoucherDomain(market.cluster().deployment().chainId(),
        market.cluster().deployment().requireAddress(Deployer.PAYMENT_CHANNELS)));
    // the cheat runs the real module and flips the first byte of every output
    SimulatedProvider cheat = market.closeLater(SimulatedProvider.create(vertx, cheatKey, vouchers, Market.PRICE, 1,
        (module, task, input) -> market.runtime().submit(TaskModule.of(module),
                new TaskInput(input, task.getArgsList(), task.getTaskIndex()),
                TaskLimits.DEFAULT.withFuel(task.getFuelLimit()))
            .thenApply(r -> {
              byte[] out = r.stdout();
              out[0] ^= 0x5a;
              return new SimulatedProvider.Answer(out, r.fuelUsed(), r.exitCode());
            })));
    DemoSettlement settlement = market.settlement(honest);
    BigInteger supply = market.totalSupply();
    JobPlan plan = market.plan(market.jobFile("cheat", raytrace("e2e-cheat", 192, 128, 32, 32, 1.0, 4)), "cheat");
    byte[] local = market.localResult(plan);
    DemoSettlement.Snapshot before = settlement.snapshot();
    PublisherConfig config = market.publisherConfig("cheat");

    CompletableFuture<JobReport> running = market.publish(plan, config, p -> {});
    JobEvent.Posted posted = awaitPosted(market.reader());
    cheat.join(posted.endpoint(), posted.jobId(), posted.manifestHash()).toCompletionStage().toCompletableFuture()
        .get(30, TimeUnit.SECONDS);
    JobReport report = running.get(3, TimeUnit.MINUTES);

    assertThat(report.succeeded()).as(report.table()).isTrue();
    assertThat(Files.readAllBytes(Path.of(report.result()))).as("the cheat's tiles were all redone").isEqualTo(local);
    JobReport.ProviderShare cheater = report.providers().stream().filter(s -> s.provider().equals(cheat.account()))
        .findFirst().orElseThrow();
    assertThat(cheater.cutOff()).as(report.table()).isTrue();
    assertThat(report.transactions()).extracting(JobReport.Tx::kind).contains("startClose");
    assertThat(report.providers()).filteredOn(s -> !s.provider().equals(cheat.account()))
        .hasSize(3).allSatisfy(s -> assertThat(s.cutOff()).isFalse());
    try (PublisherStore store = SqlitePublisherStore.open(config.database())) {
      PublisherStore.Reputation rep = store.reputation(cheat.account()).orElseThrow();
      assertThat(rep.banned()).isTrue();
      assertThat(rep.badResults()).isPositive();
      for (LocalCluster.Provider p : honest) {
        assertThat(store.reputation(p.address()).map(PublisherStore.Reputation::banned).orElse(false))
            .as(p.name()).isFalse();
      }
    }

    // what the cheat holds is what it can get: it redeems its best voucher (anyone may), the publisher settles
    Map<BigInteger, SignedVoucher> held = cheat.bestVouchers();
    BigInteger heldAmount = held.containsKey(cheater.channelId())
        ? held.get(cheater.channelId()).voucher().cumulativeAmount() : BigInteger.ZERO;
    assertThat(heldAmount).as("the cheat holds no more than it was signed").isLessThanOrEqualTo(cheater.paidWei());
    assertThat(heldAmount).as("nor more than its results' fuel is worth")
        .isLessThanOrEqualTo(Pricing.owed(cheater.fuel(), cheater.pricePerMegaFuel()));
    ChannelInfo closing = market.channel(cheater.channelId());
    assertThat(closing.state()).isEqualTo(ChannelInfo.State.CLOSING);
    try (ZennetContracts anyone = ZennetContracts.connect(market.cluster().deployment(),
        market.cluster().network().chain().devKeys().get(0))) {
      if (heldAmount.signum() > 0) {
        anyone.channels().redeem(held.get(cheater.channelId())).get(30, TimeUnit.SECONDS);
      }
      market.cluster().network().chain().advanceTime(Deployer.DEV_CHALLENGE_PERIOD.toSeconds() + 1);
      anyone.channels().settle(cheater.channelId()).get(30, TimeUnit.SECONDS);
    }
    market.awaitClosed(report, Duration.ofSeconds(60));
    assertThat(market.xen(cheat.account())).as("the cheat got exactly what it held when it was caught")
        .isEqualTo(heldAmount);
    // the honest providers' books balance to the wei; the publisher lost exactly what the four were paid
    DemoSettlement.Books books = settlement.books(report, before, settlement.snapshot());
    // (the cheat's channel paid what it held, which may be less than the report's signed total if a voucher was
    // on its way when it was cut off: that one line is left out here and checked above)
    List<String> problems = books.problems().stream()
        .filter(p -> !p.startsWith(cheat.account().substring(0, 10) + ": channel")).toList();
    assertThat(problems).as(report.table()).isEmpty();
    BigInteger honestPaid = books.providers().stream().filter(r -> !r.account().equals(cheat.account()))
        .map(DemoSettlement.ProviderBooks::redeemed).reduce(BigInteger.ZERO, BigInteger::add);
    assertThat(books.spent()).isEqualTo(honestPaid.add(heldAmount));
    assertThat(market.xen(market.reader().channels().address())).isEqualTo(market.escrow());
    assertThat(market.totalSupply()).isEqualTo(supply);
    System.out.printf("cheat: cut off after %d tasks, signed %s wei, held %s wei, got %s wei; honest paid %s wei%n",
        cheat.tasks(), cheater.paidWei(), heldAmount, market.xen(cheat.account()), honestPaid);
  }

  /** Waits for the first JobPosted event. */
  static JobEvent.Posted awaitPosted(ZennetContracts chain) throws Exception {
    long deadline = System.currentTimeMillis() + 60_000;
    while (System.currentTimeMillis() < deadline) {
      EthFilter filter = new EthFilter(DefaultBlockParameterName.EARLIEST, DefaultBlockParameterName.LATEST,
          chain.market().address());
      EthLog logs = chain.chain().web3j().ethGetLogs(filter).send();
      for (EthLog.LogResult<?> r : logs.getLogs()) {
        var event = JobEvent.decode((Log) r.get());
        if (event.isPresent() && event.get() instanceof JobEvent.Posted posted) {
          return posted;
        }
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no job was posted within 60 s");
  }

  /** A text of {@code lines} lines of words from a fixed list, with a fixed seed. */
  static void writeCorpus(Path file, int lines) throws Exception {
    String[] words = "market provider publisher voucher channel escrow block task fuel module sandbox token price bid"
        .split(" ");
    SplittableRandom random = new SplittableRandom(6);
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < lines; i++) {
      int n = 3 + random.nextInt(10);
      for (int w = 0; w < n; w++) {
        text.append(w == 0 ? "" : " ").append(words[random.nextInt(words.length)]);
      }
      text.append('\n');
    }
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
  }
}
