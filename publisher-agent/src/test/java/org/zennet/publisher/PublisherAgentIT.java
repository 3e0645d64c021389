package org.zennet.publisher;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.awt.image.BufferedImage;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.Log;
import org.zennet.contracts.ZennetContracts;
import org.zennet.contracts.chain.ChainConnection;
import org.zennet.contracts.channel.SignedVoucher;
import org.zennet.contracts.deploy.Deployer;
import org.zennet.contracts.deploy.Deployment;
import org.zennet.contracts.deploy.GenesisDistribution;
import org.zennet.contracts.devchain.DevChain;
import org.zennet.contracts.market.JobEvent;
import org.zennet.contracts.testkit.AnvilExtension;
import org.zennet.protocol.wire.Pricing;
import org.zennet.publisher.bench.SimulatedProvider;
import org.zennet.publisher.chain.ContractsPublisherChain;
import org.zennet.publisher.job.ArgsSpec;
import org.zennet.publisher.job.JobPlan;
import org.zennet.publisher.job.JobSpec;
import org.zennet.publisher.job.ReduceSpec;
import org.zennet.runtime.RuntimeConfig;
import org.zennet.runtime.Samples;
import org.zennet.runtime.TaskInput;
import org.zennet.runtime.TaskLimits;
import org.zennet.runtime.TaskModule;
import org.zennet.runtime.TaskRuntime;

/**
 * The publisher agent on anvil with simulated providers (real transport, real vouchers, real WebAssembly):
 * results byte-identical to a local run, every provider paid its price × fuel to the wei, a cheat caught.
 * The agent with the real provider agent is tested in the tests module.
 */
@ExtendWith(AnvilExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PublisherAgentIT {
  private static final int WIDTH = 48;
  private static final int HEIGHT = 32;
  private static final BigInteger PRICE = BigInteger.valueOf(2_000_000_000L);

  @TempDir Path dir;
  private DevChain dev;
  private Deployment deployment;
  private Vertx vertx;
  private TaskRuntime runtime;
  private final List<SimulatedProvider> providers = new ArrayList<>();

  @BeforeAll
  void deploy(DevChain chain) throws Exception {
    dev = chain;
    Credentials treasury = dev.devKeys().get(0);
    try (ChainConnection connection = ChainConnection.connect(dev.httpUrl(), dev.chainId())) {
      List<String> holders = dev.devKeys().subList(1, 5).stream().map(Credentials::getAddress).toList();
      deployment = new Deployer(connection, treasury).deploy(GenesisDistribution.dev(treasury.getAddress(), holders),
          Deployer.DEV_CHALLENGE_PERIOD, dev.httpUrl(), dev.wsUrl());
    }
  }

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    runtime = TaskRuntime.chicory(RuntimeConfig.DEFAULT.withSlots(2));
  }

  @AfterEach
  void stop() {
    providers.forEach(SimulatedProvider::close);
    providers.clear();
    runtime.close();
    vertx.close();
  }

  private JobSpec raytrace(double replication, int minProviders) {
    ArgsSpec grid = new ArgsSpec(null, null, new ArgsSpec.Grid(WIDTH, HEIGHT, 16, 16),
        List.of("{width}", "{height}", "{x}", "{y}", "{tileWidth}", "{tileHeight}"));
    return new JobSpec("render", null, "raytrace", null, grid, ReduceSpec.of("png"), PRICE, null, new BigDecimal("5"),
        replication, null, null, null, Duration.ofSeconds(30), null, minProviders, null, Duration.ofSeconds(1),
        Duration.ofMinutes(5), dir.resolve("out"));
  }

  /** Runs tasks in the real sandbox; a cheat flips the first output byte. */
  private SimulatedProvider.Work work(boolean cheat) {
    return work(cheat, Duration.ZERO);
  }

  private SimulatedProvider.Work work(boolean cheat, Duration delay) {
    return (module, task, input) -> CompletableFuture.supplyAsync(() -> null,
            CompletableFuture.delayedExecutor(delay.toMillis(), TimeUnit.MILLISECONDS))
        .thenCompose(x -> runtime.submit(TaskModule.of(module),
            new TaskInput(input, task.getArgsList(), task.getTaskIndex()),
            TaskLimits.DEFAULT.withFuel(task.getFuelLimit()))
        .thenApply(r -> {
          byte[] out = r.stdout();
          if (cheat && out.length > 0) {
            out[0] ^= 0x5a;
          }
          return new SimulatedProvider.Answer(out, r.fuelUsed(), r.exitCode());
        }));
  }

  private SimulatedProvider provider(Credentials publisher, boolean cheat) throws Exception {
    return provider(publisher, work(cheat));
  }

  private SimulatedProvider provider(Credentials publisher, SimulatedProvider.Work work) throws Exception {
    Credentials key = Credentials.create(Keys.createEcKeyPair());
    SimulatedProvider p = SimulatedProvider.create(vertx, key,
        new org.zennet.contracts.channel.Vouchers(new org.zennet.contracts.channel.VoucherDomain(deployment.chainId(),
            deployment.requireAddress(Deployer.PAYMENT_CHANNELS))), PRICE, 2, work);
    providers.add(p);
    return p;
  }

  /** Waits for the JobPosted event of the run and lets every provider join it. @return the event */
  private JobEvent.Posted joinWhenPosted(ZennetContracts chain, List<SimulatedProvider> joining) throws Exception {
    long deadline = System.currentTimeMillis() + 30_000;
    while (System.currentTimeMillis() < deadline) {
      EthFilter filter = new EthFilter(DefaultBlockParameterName.EARLIEST, DefaultBlockParameterName.LATEST,
          deployment.requireAddress(Deployer.JOB_MARKET));
      EthLog logs = chain.chain().web3j().ethGetLogs(filter).send();
      for (EthLog.LogResult<?> r : logs.getLogs()) {
        var event = JobEvent.decode((Log) r.get());
        if (event.isPresent() && event.get() instanceof JobEvent.Posted posted) {
          List<CompletableFuture<BigInteger>> joins = joining.stream().map(p -> p.join(posted.endpoint(),
              posted.jobId(), posted.manifestHash()).toCompletionStage().toCompletableFuture()).toList();
          for (CompletableFuture<BigInteger> j : joins) {
            j.get(30, TimeUnit.SECONDS);
          }
          return posted;
        }
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no job was posted");
  }

  private static CompletableFuture<JobReport> start(PublisherAgent agent, JobPlan plan,
      java.util.function.Consumer<Progress> progress) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        return agent.run(plan, progress);
      } catch (Exception e) {
        throw new java.util.concurrent.CompletionException(e);
      }
    }, Executors.newVirtualThreadPerTaskExecutor());
  }

  private JobReport runJob(PublisherAgent agent, JobPlan plan, ZennetContracts chain, List<SimulatedProvider> joining)
      throws Exception {
    CompletableFuture<JobReport> report = start(agent, plan, p -> {});
    joinWhenPosted(chain, joining);
    return report.get(3, TimeUnit.MINUTES);
  }

  private PublisherAgent agent(Credentials publisher) throws Exception {
    return PublisherAgent.create(PublisherConfig.defaults(dir.resolve("publisher.sqlite"))
        .withCloseGrace(Duration.ofSeconds(1)), publisher, ContractsPublisherChain.connect(deployment, publisher),
        runtime, Clock.systemUTC());
  }

  private byte[] localRender() throws Exception {
    return runtime.run(Samples.Sample.RAYTRACE.module(), TaskInput.ofArgs(Integer.toString(WIDTH),
        Integer.toString(HEIGHT), "0", "0", Integer.toString(WIDTH), Integer.toString(HEIGHT)), TaskLimits.DEFAULT).stdout();
  }

  private static void assertImageIs(Path png, byte[] rgb) throws Exception {
    BufferedImage image = ImageIO.read(png.toFile());
    assertThat(image.getWidth()).isEqualTo(WIDTH);
    for (int y = 0; y < HEIGHT; y++) {
      for (int x = 0; x < WIDTH; x++) {
        int p = (y * WIDTH + x) * 3;
        int expected = ((rgb[p] & 0xff) << 16) | ((rgb[p + 1] & 0xff) << 8) | (rgb[p + 2] & 0xff);
        assertThat(image.getRGB(x, y) & 0xffffff).as("pixel %d,%d", x, y).isEqualTo(expected);
      }
    }
  }

  /** Redeems every provider's best voucher (as a watcher would), advances past the challenge period and settles. */
  private void payOutAndSettle(PublisherAgent agent, ZennetContracts stranger) throws Exception {
    List<SignedVoucher> best = providers.stream().flatMap(p -> p.bestVouchers().values().stream()).toList();
    if (!best.isEmpty()) {
      stranger.channels().redeemMany(best).get(30, TimeUnit.SECONDS);
    }
    dev.advanceTime(Deployer.DEV_CHALLENGE_PERIOD.toSeconds() + 1);
    long job = agent.jobs().get(agent.jobs().size() - 1).id();
    assertThat(agent.settle(job, false)).isZero();
  }

  @Test
  void rendersTheImageExactlyAndPaysEachProviderItsPriceTimesItsFuel() throws Exception {
    Credentials publisher = dev.devKeys().get(1);
    JobPlan plan = JobPlan.of(raytrace(0.25, 3));
    try (ZennetContracts chain = ZennetContracts.connect(deployment, publisher);
        ZennetContracts stranger = ZennetContracts.connect(deployment, dev.devKeys().get(4));
        PublisherAgent agent = PublisherAgent.create(PublisherConfig.defaults(dir.resolve("publisher.sqlite"))
            .withCloseGrace(Duration.ofSeconds(1)), publisher, ContractsPublisherChain.connect(deployment, publisher),
            runtime, Clock.systemUTC())) {
      BigInteger balanceBefore = chain.xen().balanceOf(chain.account()).get();
      List<SimulatedProvider> three = List.of(provider(publisher, false), provider(publisher, false),
          provider(publisher, false));

      JobReport report = runJob(agent, plan, chain, three);

      assertThat(report.succeeded()).as(report.table()).isTrue();
      assertThat(report.tasks()).isEqualTo(6);
      assertImageIs(Path.of(report.result()), localRender());
      assertThat(report.providers()).hasSize(3);
      for (JobReport.ProviderShare share : report.providers()) {
        assertThat(share.paidWei()).as("price × fuel, rounded down once per channel")
            .isEqualTo(Pricing.owed(share.fuel(), PRICE));
        SimulatedProvider p = three.stream().filter(x -> x.account().equals(share.provider())).findFirst().orElseThrow();
        assertThat(p.bestVouchers().get(share.channelId()).voucher().cumulativeAmount()).isEqualTo(share.paidWei());
        assertThat(p.vouchersRefused()).isZero();
      }
      assertThat(report.transactions()).extracting(JobReport.Tx::kind)
          .contains("approve", "deposit", "postJob", "openChannels", "closeJob")
          .filteredOn("openChannels"::equals).hasSize(1);
      assertThat(Files.exists(dir.resolve("out/summary.json"))).isTrue();

      payOutAndSettle(agent, stranger);
      BigInteger paid = report.spentWei();
      for (SimulatedProvider p : three) {
        BigInteger expected = p.bestVouchers().values().stream().map(v -> v.voucher().cumulativeAmount())
            .reduce(BigInteger.ZERO, BigInteger::add);
        assertThat(chain.xen().balanceOf(p.account()).get()).isEqualTo(expected);
      }
      BigInteger escrow = chain.channels().escrowOf(chain.account()).get();
      assertThat(escrow).isEqualTo(plan.spec().budgetWei().subtract(paid));
      assertThat(chain.xen().balanceOf(chain.account()).get()).isEqualTo(balanceBefore.subtract(plan.spec().budgetWei()));
      assertThat(chain.xen().balanceOf(chain.channels().address()).get()).as("the contract holds only the escrow")
          .isEqualTo(escrow);
      assertThat(agent.withdraw(null)).isEqualTo(escrow);
      assertThat(chain.xen().balanceOf(chain.account()).get()).isEqualTo(balanceBefore.subtract(paid));
    }
  }

  @Test
  void aCheatingProviderIsCaughtCutOffAndItsWorkRedone() throws Exception {
    Credentials publisher = dev.devKeys().get(1);
    JobPlan plan = JobPlan.of(raytrace(1.0, 4));
    try (ZennetContracts chain = ZennetContracts.connect(deployment, publisher);
        PublisherAgent agent = PublisherAgent.create(PublisherConfig.defaults(dir.resolve("publisher.sqlite"))
            .withCloseGrace(Duration.ofSeconds(1)), publisher, ContractsPublisherChain.connect(deployment, publisher),
            runtime, Clock.systemUTC())) {
      SimulatedProvider cheat = provider(publisher, true);
      List<SimulatedProvider> all = List.of(provider(publisher, false), provider(publisher, false),
          provider(publisher, false), cheat);

      JobReport report = runJob(agent, plan, chain, all);

      assertThat(report.succeeded()).as(report.table()).isTrue();
      assertImageIs(Path.of(report.result()), localRender());
      JobReport.ProviderShare cheater = report.providers().stream()
          .filter(s -> s.provider().equals(cheat.account())).findFirst().orElseThrow();
      assertThat(cheater.cutOff()).isTrue();
      Map<BigInteger, SignedVoucher> held = cheat.bestVouchers();
      BigInteger heldAmount = held.isEmpty() ? BigInteger.ZERO : held.get(cheater.channelId()).voucher().cumulativeAmount();
      // what the cheat can redeem is what it held when it was caught; no voucher leaves after the cut
      assertThat(heldAmount).isLessThanOrEqualTo(cheater.paidWei());
      assertThat(cheat.vouchersAccepted()).isLessThanOrEqualTo(cheat.tasks());
      assertThat(report.transactions()).extracting(JobReport.Tx::kind).contains("startClose");
    }
  }

  @Test
  void aRestartedPublisherResumesAndNeverPaysTwiceNorSignsLess() throws Exception {
    Credentials publisher = dev.devKeys().get(1);
    JobSpec spec = raytrace(0.25, 3);
    ArgsSpec grid = new ArgsSpec(null, null, new ArgsSpec.Grid(WIDTH, HEIGHT, 8, 8), spec.args().template());
    JobPlan plan = JobPlan.of(new JobSpec("render", null, "raytrace", null, grid, ReduceSpec.of("png"), PRICE, null,
        new BigDecimal("5"), 0.25, null, null, null, Duration.ofSeconds(30), null, 3, null, Duration.ofSeconds(1),
        Duration.ofMinutes(5), dir.resolve("out")));
    List<SimulatedProvider> three = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      three.add(provider(publisher, work(false, Duration.ofMillis(150))));
    }
    try (ZennetContracts chain = ZennetContracts.connect(deployment, publisher)) {
      java.util.concurrent.atomic.AtomicReference<Progress> seen = new java.util.concurrent.atomic.AtomicReference<>();
      PublisherAgent first = agent(publisher);
      CompletableFuture<JobReport> stopped = start(first, plan, seen::set);
      JobEvent.Posted posted = joinWhenPosted(chain, three);
      long deadline = System.currentTimeMillis() + 60_000;
      while ((seen.get() == null || seen.get().done() < 8) && System.currentTimeMillis() < deadline) {
        Thread.sleep(20);
      }
      first.close();
      assertThat(stopped).failsWithin(Duration.ofSeconds(30)).withThrowableOfType(java.util.concurrent.ExecutionException.class)
          .havingCause().isInstanceOf(JobStoppedException.class);
      int doneBefore = seen.get().done();
      assertThat(doneBefore).isLessThan(plan.tasks().size());

      try (PublisherAgent second = agent(publisher)) {
        CompletableFuture<JobReport> resumed = start(second, plan, p -> {});
        for (SimulatedProvider p : three) {
          long until = System.currentTimeMillis() + 30_000;
          while (true) {
            try {
              p.reconnect(posted.endpoint()).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
              break;
            } catch (Exception e) {
              if (System.currentTimeMillis() > until) {
                throw e;
              }
              Thread.sleep(200);
            }
          }
        }
        JobReport report = resumed.get(3, TimeUnit.MINUTES);

        assertThat(report.succeeded()).as(report.table()).isTrue();
        assertImageIs(Path.of(report.result()), localRender());
        long delivered = three.stream().mapToLong(SimulatedProvider::tasks).sum();
        long paid = report.providers().stream().mapToLong(JobReport.ProviderShare::tasksPaid).sum();
        assertThat(paid).as("a result is paid once at most").isLessThanOrEqualTo(delivered);
        assertThat(paid).isGreaterThanOrEqualTo(plan.tasks().size());
        for (JobReport.ProviderShare share : report.providers()) {
          assertThat(share.paidWei()).isEqualTo(Pricing.owed(share.fuel(), PRICE));
          SimulatedProvider p = three.stream().filter(x -> x.account().equals(share.provider())).findFirst().orElseThrow();
          assertThat(p.bestVouchers().get(share.channelId()).voucher().cumulativeAmount()).isEqualTo(share.paidWei());
        }
        assertThat(three).allSatisfy(p -> assertThat(p.lowerVouchers()).isZero());
        assertThat(report.transactions()).extracting(JobReport.Tx::kind).filteredOn("postJob"::equals).hasSize(1);
      }
    }
  }
}
