package org.zennet.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.zennet.cli.demo.DemoSettlement;
import org.zennet.cli.demo.LocalCluster;
import org.zennet.cli.process.ZennetProcess;
import org.zennet.contracts.ZennetContracts;
import org.zennet.contracts.channel.ChannelInfo;
import org.zennet.contracts.deploy.Deployer;
import org.zennet.contracts.deploy.Deployment;
import org.zennet.contracts.testkit.RpcOutageProxy;
import org.zennet.protocol.wire.Pricing;
import org.zennet.publisher.JobReport;
import org.zennet.publisher.Progress;
import org.zennet.publisher.job.JobPlan;

/**
 * Issue 9's fault-injection tests: real agent processes on anvil (a watcher and three providers, the publisher in
 * this JVM or as a {@code zennet publish} process), one fault each — a provider SIGKILLed mid-task, the publisher
 * SIGKILLed mid-job, the publisher restarted mid-job, a provider offline while the publisher closes its channel,
 * the chain's RPC unreachable for 10 s — and the money checked on chain to the wei afterwards. (The cheating
 * provider is in {@link RealProvidersIT}.)
 */
class FaultInjectionIT {
  /** The fault jobs' payment increment, million fuel: a voucher at least every this much work. */
  static final long INCREMENT_MFUEL = 400;
  /** The job's tasks start in the publisher's log. */
  static final Pattern TASKS_START = Pattern.compile("providers working, tasks start");

  private Path dir;
  private Market market;

  @BeforeEach
  void folder(TestInfo test) throws Exception {
    dir = Market.testDir(test);
  }

  @AfterEach
  void stopEverything() throws Exception {
    if (market != null) {
      market.close();
    }
  }

  /** A Monte Carlo pi job: {@code tasks} tasks of {@code samples} samples (76 M fuel per million samples). */
  static String pi(String name, int tasks, int samples, double replication) {
    return """
        name: %s
        sample: pi
        args:
          range: {from: 1, to: %d}
          template: ["%d", "{i}"]
        reduce: {sample: pisum}
        maxPricePerMegaFuel: 1000000000000000
        targetPricePerMegaFuel: %s
        budget: "20"
        replication: %s
        paymentIncrementMegaFuel: %d
        minProviders: 3
        biddingWindow: 2s
        """.formatted(name, tasks, samples, Market.PRICE, replication, INCREMENT_MFUEL);
  }

  private List<LocalCluster.Provider> startMarket(LocalCluster.ProviderSettings settings) throws Exception {
    market = Market.start(dir, 3);
    market.cluster().startWatcher();
    return market.cluster().startProviders(3, settings);
  }

  @Test
  void aProviderKilledMidTaskHasItsTasksFinishedElsewhereAndRedeemsEveryVoucherAfterItsRestart() throws Exception {
    List<LocalCluster.Provider> providers = startMarket(Market.PROVIDERS);
    LocalCluster.Provider victim = providers.get(0);
    DemoSettlement settlement = market.settlement(providers);
    BigInteger supply = market.totalSupply();
    DemoSettlement.Snapshot before = settlement.snapshot();
    JobPlan plan = market.plan(market.jobFile("pi", pi("fault-kill-provider", 60, 1_000_000, 0.05)), "pi");
    AtomicReference<Progress> progress = new AtomicReference<>();

    CompletableFuture<JobReport> running = market.publish(plan, market.publisherConfig("kill"), progress::set);
    // once the victim has been paid for some work (and, with one slot always busy, is running its next task)
    Market.await("provider-1 paid for 3 tasks", Duration.ofSeconds(60), () -> Market.providerJobs(victim).values()
        .stream().anyMatch(j -> j.tasks() >= 3 && j.best().signum() > 0));
    victim.kill();
    Market.ProviderJob atKill = Market.providerJobs(victim).values().iterator().next();
    Market.await("the job's tasks all settled", Duration.ofSeconds(90),
        () -> progress.get() != null && progress.get().done() == plan.tasks().size());
    victim.start();
    JobReport report = running.get(2, TimeUnit.MINUTES);

    assertThat(report.succeeded()).as(report.table()).isTrue();
    assertThat(Files.readString(Path.of(report.result())).trim().split(" ")[1]).isEqualTo("60000000");
    market.awaitClosed(report, Duration.ofSeconds(60));
    Market.ProviderJob after = Market.awaitRecordedClosed(victim, report.jobId());
    assertThat(after.best()).as("the restarted provider kept every voucher it had committed")
        .isGreaterThanOrEqualTo(atKill.best());
    assertThat(after.redeemed()).as("and redeemed them all").isEqualTo(after.best());
    assertThat(after.state()).isEqualTo("CLOSED");
    JobReport.ProviderShare share = share(report, victim);
    assertThat(market.channel(share.channelId()).state()).isEqualTo(ChannelInfo.State.CLOSED);
    // a voucher on its way when the provider died is lost to it: at most one increment
    assertThat(share.paidWei().subtract(after.redeemed())).isLessThanOrEqualTo(after.incrementWei());
    assertThat(after.worth().subtract(after.redeemed())).as("its work not paid for: at most one increment")
        .isLessThanOrEqualTo(after.incrementWei());
    DemoSettlement.Books books = settlement.books(report, before, settlement.snapshot());
    List<String> problems = books.problems();
    if (!share.paidWei().equals(after.redeemed())) {
      problems = problems.stream().filter(p -> !p.startsWith(victim.name() + ": channel")).toList();
    }
    assertThat(problems).as(report.table()).isEmpty();
    assertThat(market.xen(market.reader().channels().address())).isEqualTo(market.escrow());
    assertThat(market.totalSupply()).isEqualTo(supply);
    for (LocalCluster.Provider p : providers.subList(1, 3)) {
      assertThat(Market.awaitRecordedClosed(p, report.jobId()).redeemed()).as(p.name())
          .isEqualTo(share(report, p).paidWei());
    }
    System.out.printf("provider killed: %d tasks before the kill (%s wei held), %d after the restart; redeemed %s wei "
        + "of %s signed; job %.1f s%n", atKill.tasks(), atKill.best(), after.tasks(), after.redeemed(), share.paidWei(),
        report.wallTimeMillis() / 1000.0);
  }

  @Test
  void aPublisherKilledMidJobLeavesEveryProviderWithItsChannelClosedAndAtMostOneIncrementUnpaid() throws Exception {
    List<LocalCluster.Provider> providers = startMarket(Market.PROVIDERS
        .withPublisherTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(5)));
    DemoSettlement settlement = market.settlement(providers);
    BigInteger supply = market.totalSupply();
    DemoSettlement.Snapshot before = settlement.snapshot();
    Path job = market.jobFile("pi", pi("fault-kill-publisher", 90, 1_000_000, 0.05));
    ZennetProcess publisher = market.closeLater(market.cluster().startPublisher(job, market.cluster().deploymentFile(),
        "--output", dir.resolve("out").toString()));

    publisher.awaitReady(TASKS_START, Duration.ofSeconds(60));
    Market.await("every provider paid for 2 tasks", Duration.ofSeconds(60), () -> {
      for (LocalCluster.Provider p : providers) {
        if (Market.providerJobs(p).values().stream().noneMatch(j -> j.tasks() >= 2 && j.best().signum() > 0)) {
          return false;
        }
      }
      return true;
    });
    publisher.kill();
    long killedAt = System.nanoTime();
    List<BigInteger> channels = new ArrayList<>();
    Map<LocalCluster.Provider, Market.ProviderJob> atKill = new java.util.LinkedHashMap<>();
    for (LocalCluster.Provider p : providers) {
      Market.ProviderJob j = Market.providerJobs(p).values().iterator().next();
      atKill.put(p, j);
      channels.add(j.channelId());
    }
    market.awaitClosed(channels, Duration.ofSeconds(60));
    double closedAfter = (System.nanoTime() - killedAt) / 1e9;
    for (LocalCluster.Provider p : providers) {
      Market.awaitRecordedClosed(p, atKill.get(p).jobId());
    }

    BigInteger redeemedInAll = BigInteger.ZERO;
    DemoSettlement.Snapshot after = settlement.snapshot();
    for (LocalCluster.Provider p : providers) {
      Market.ProviderJob j = Market.providerJobs(p).get(atKill.get(p).jobId());
      assertThat(j.state()).as(p.name()).isEqualTo("CLOSED");
      assertThat(j.tasks()).as("%s did no work once the publisher was gone", p.name())
          .isLessThanOrEqualTo(atKill.get(p).tasks() + 1);
      assertThat(j.redeemed()).as("%s closed its channel with its best voucher", p.name()).isEqualTo(j.best());
      assertThat(j.worth().subtract(j.redeemed())).as("%s lost at most one increment", p.name())
          .isLessThanOrEqualTo(j.incrementWei());
      assertThat(after.xen().get(p.address()).subtract(before.xen().get(p.address()))).as(p.name())
          .isEqualTo(j.redeemed());
      redeemedInAll = redeemedInAll.add(j.redeemed());
      System.out.printf("publisher killed: %s delivered %d tasks (%s wei of work), redeemed %s wei, lost %s wei "
          + "(increment %s wei)%n", p.name(), j.tasks(), j.worth(), j.redeemed(), j.worth().subtract(j.redeemed()),
          j.incrementWei());
    }
    String pub = market.cluster().publisherKey().getAddress().toLowerCase(java.util.Locale.ROOT);
    BigInteger deposited = before.xen().get(pub).subtract(after.xen().get(pub));
    BigInteger spent = deposited.subtract(after.publisherEscrow().subtract(before.publisherEscrow()));
    assertThat(spent).as("the publisher lost exactly what the providers redeemed; the rest is back in its escrow")
        .isEqualTo(redeemedInAll);
    assertThat(market.xen(market.reader().channels().address())).isEqualTo(market.escrow());
    assertThat(market.totalSupply()).isEqualTo(supply);
    System.out.printf("publisher killed: every channel closed %.1f s after the kill%n", closedAfter);
  }

  @Test
  void aRestartedPublisherResumesTheJobPaysNobodyTwiceAndNeverSignsLess() throws Exception {
    List<LocalCluster.Provider> providers = startMarket(Market.PROVIDERS);
    DemoSettlement settlement = market.settlement(providers);
    BigInteger supply = market.totalSupply();
    DemoSettlement.Snapshot before = settlement.snapshot();
    Path job = market.jobFile("pi", pi("fault-restart-publisher", 60, 1_000_000, 0.1));
    Path out = dir.resolve("out");
    ZennetProcess first = market.closeLater(market.cluster().startPublisher(job, market.cluster().deploymentFile(),
        "--output", out.toString(), "--close-grace", "15"));
    first.awaitReady(TASKS_START, Duration.ofSeconds(60));
    Market.await("some tasks paid", Duration.ofSeconds(60), () -> providers.stream().mapToLong(p -> {
      try {
        return Market.providerJobs(p).values().stream().mapToLong(Market.ProviderJob::tasks).sum();
      } catch (Exception e) {
        return 0;
      }
    }).sum() >= 12);
    first.kill();
    Map<LocalCluster.Provider, BigInteger> heldAtKill = new java.util.LinkedHashMap<>();
    for (LocalCluster.Provider p : providers) {
      heldAtKill.put(p, Market.providerJobs(p).values().iterator().next().best());
    }
    ZennetProcess second = market.closeLater(market.cluster().startPublisher(job, market.cluster().deploymentFile(),
        "--output", out.toString(), "--close-grace", "15"));
    assertThat(second.awaitReady(Pattern.compile("job \\d+ resumed: (\\d+) of 60 tasks settled"),
        Duration.ofSeconds(60)).group(1)).isNotEqualTo("60");
    assertThat(second.awaitExit(Duration.ofSeconds(120))).as(second.lastLines(30)).contains(0);

    JobReport report = Market.readReport(out.resolve("summary.json"));
    assertThat(report.succeeded()).as(report.table()).isTrue();
    assertThat(Files.readString(Path.of(report.result())).trim().split(" ")[1]).isEqualTo("60000000");
    market.awaitClosed(report, Duration.ofSeconds(60));
    DemoSettlement.Books books = market.assertBooksBalance(settlement, report, before, supply);
    for (LocalCluster.Provider p : providers) {
      Market.ProviderJob j = Market.awaitRecordedClosed(p, report.jobId());
      JobReport.ProviderShare share = share(report, p);
      assertThat(j.redeemed()).as("%s redeemed what it was signed", p.name()).isEqualTo(share.paidWei());
      assertThat(j.redeemed()).as("%s was not paid more than its work is worth (nothing paid twice)", p.name())
          .isLessThanOrEqualTo(j.worth());
      assertThat(share.fuel()).as(p.name()).isLessThanOrEqualTo(j.fuel());
      assertThat(j.redeemed()).as("%s: no less than before the restart", p.name())
          .isGreaterThanOrEqualTo(heldAtKill.get(p));
      assertThat(market.logLines(p.name(), l -> l.contains("already committed"))).as("%s was never sent a voucher "
          + "below one it had", p.name()).isEmpty();
    }
    System.out.printf("publisher restarted: %s; %d transactions of the publisher, %.1f s after the resume%n",
        books.providers().stream().map(r -> r.name() + " " + r.tasks() + " tasks " + r.redeemed() + " wei").toList(),
        report.transactions().size(), report.wallTimeMillis() / 1000.0);
  }

  @Test
  void aCloseStartedWhileTheProviderIsOfflineIsAnsweredByTheWatcherAndTheProviderGetsItsFullAmount()
      throws Exception {
    List<LocalCluster.Provider> providers = startMarket(Market.PROVIDERS);
    LocalCluster.Provider offline = providers.get(0);
    DemoSettlement settlement = market.settlement(providers);
    BigInteger supply = market.totalSupply();
    DemoSettlement.Snapshot before = settlement.snapshot();
    JobPlan plan = market.plan(market.jobFile("pi", pi("fault-stale-close", 45, 1_000_000, 0.05)), "pi");

    CompletableFuture<JobReport> running = market.publish(plan, market.publisherConfig("stale")
        .withCloseGrace(Duration.ofSeconds(3)), p -> {});
    Market.await("provider-1 paid for 4 tasks", Duration.ofSeconds(60), () -> Market.providerJobs(offline).values()
        .stream().anyMatch(j -> j.tasks() >= 4 && j.best().signum() > 0));
    offline.stop(); // SIGTERM: its vouchers are committed and delegated; it goes offline without closing
    Market.ProviderJob held = Market.providerJobs(offline).values().iterator().next();
    JobReport report = running.get(2, TimeUnit.MINUTES);
    assertThat(report.succeeded()).as(report.table()).isTrue();
    JobReport.ProviderShare share = share(report, offline);
    assertThat(report.transactions()).extracting(JobReport.Tx::kind).contains("startClose");
    ChannelInfo closing = market.channel(share.channelId());
    assertThat(closing.state()).as("the publisher started closing the offline provider's channel")
        .isEqualTo(ChannelInfo.State.CLOSING);
    Market.await("the watcher redeemed channel " + share.channelId(), Duration.ofSeconds(30),
        () -> market.channel(share.channelId()).paid().equals(held.best()));
    market.cluster().network().chain().advanceTime(Deployer.DEV_CHALLENGE_PERIOD.toSeconds() + 1);
    try (ZennetContracts anyone = ZennetContracts.connect(market.cluster().deployment(),
        market.cluster().network().chain().devKeys().get(0))) {
      anyone.channels().settle(share.channelId()).get(30, TimeUnit.SECONDS);
    }
    market.awaitClosed(report, Duration.ofSeconds(60));
    DemoSettlement.Snapshot after = settlement.snapshot();
    assertThat(after.xen().get(offline.address()).subtract(before.xen().get(offline.address())))
        .as("the offline provider got its full amount").isEqualTo(held.best()).isEqualTo(share.paidWei());
    assertThat(market.logLines("watcher", l -> l.contains("redeem"))).as("the watcher's log").isNotEmpty();
    market.assertBooksBalance(settlement, report, before, supply);
    System.out.printf("stale close: provider-1 offline with %s wei in %d tasks; the watcher redeemed it all%n",
        held.best(), held.tasks());
  }

  @Test
  void theChainRpcUnreachableForTenSecondsMidJobIsRiddenOutByEveryAgent() throws Exception {
    market = Market.start(dir, 3);
    RpcOutageProxy proxy = market.closeLater(RpcOutageProxy.start(market.cluster().deployment().rpcUrl()));
    market.cluster().startWatcher(proxy.url(), proxy.wsUrl());
    List<LocalCluster.Provider> providers = market.cluster().startProviders(3,
        Market.PROVIDERS.withRpc(proxy.url(), proxy.wsUrl()));
    DemoSettlement settlement = market.settlement(providers);
    BigInteger supply = market.totalSupply();
    DemoSettlement.Snapshot before = settlement.snapshot();
    JobPlan plan = market.plan(market.jobFile("pi", pi("fault-rpc-outage", 60, 1_000_000, 0.05)), "pi");
    Deployment viaProxy = Deployment.read(market.cluster().deploymentVia("proxy", proxy.url(), proxy.wsUrl()));
    AtomicReference<Progress> progress = new AtomicReference<>();

    CompletableFuture<JobReport> running = market.publish(plan, market.publisherConfig("outage"), viaProxy,
        progress::set);
    Market.await("5 tasks done", Duration.ofSeconds(60), () -> progress.get() != null && progress.get().done() >= 5);
    proxy.cut();
    int doneAtCut = progress.get().done();
    Thread.sleep(10_000);
    int doneDuringOutage = progress.get().done() - doneAtCut;
    proxy.restore();
    JobReport report = running.get(2, TimeUnit.MINUTES);

    assertThat(report.succeeded()).as(report.table()).isTrue();
    assertThat(Files.readString(Path.of(report.result())).trim().split(" ")[1]).isEqualTo("60000000");
    market.awaitClosed(report, Duration.ofSeconds(90));
    market.assertBooksBalance(settlement, report, before, supply);
    for (LocalCluster.Provider p : providers) {
      assertThat(p.process().isAlive()).as(p.name()).isTrue();
      assertThat(Market.awaitRecordedClosed(p, report.jobId()).redeemed()).isEqualTo(share(report, p).paidWei());
    }
    assertThat(market.cluster().watcher().process().isAlive()).isTrue();
    System.out.printf("rpc outage: 10 s cut at %d of 60 tasks, %d tasks done during it; job %.1f s%n", doneAtCut,
        doneDuringOutage, report.wallTimeMillis() / 1000.0);
  }

  private static JobReport.ProviderShare share(JobReport report, LocalCluster.Provider p) {
    return report.providers().stream().filter(s -> s.provider().equals(p.address())).findFirst()
        .orElseThrow(() -> new AssertionError(p.name() + " has no share in\n" + report.table()));
  }

  static BigInteger owed(long fuel) {
    return Pricing.owed(fuel, Market.PRICE);
  }
}
