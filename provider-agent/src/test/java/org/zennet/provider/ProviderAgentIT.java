package org.zennet.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.zennet.provider.ScriptedPublisher.await;

import com.google.protobuf.ByteString;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;
import org.zennet.contracts.ZennetContracts;
import org.zennet.contracts.chain.ChainConnection;
import org.zennet.contracts.channel.ChannelInfo;
import org.zennet.contracts.channel.SignedVoucher;
import org.zennet.contracts.deploy.Deployer;
import org.zennet.contracts.deploy.Deployment;
import org.zennet.contracts.deploy.GenesisDistribution;
import org.zennet.contracts.devchain.DevChain;
import org.zennet.contracts.testkit.AnvilExtension;
import org.zennet.protocol.host.Host;
import org.zennet.protocol.host.HostConfig;
import org.zennet.protocol.host.MessageStream;
import org.zennet.protocol.identity.HostKey;
import org.zennet.protocol.identity.PeerId;
import org.zennet.protocol.wire.Pricing;
import org.zennet.protocol.wire.WireConfig;
import org.zennet.protocol.wire.WireValues;
import org.zennet.protocol.wire.messages.PayMessage;
import org.zennet.protocol.wire.messages.RunTask;
import org.zennet.protocol.wire.messages.TaskErrorCode;
import org.zennet.protocol.wire.messages.TaskMessage;
import org.zennet.protocol.wire.messages.VoucherRejectReason;
import org.zennet.provider.store.ProviderStore;
import org.zennet.provider.store.SqliteProviderStore;
import org.zennet.runtime.RuntimeConfig;
import org.zennet.runtime.Samples;
import org.zennet.runtime.TaskInput;
import org.zennet.runtime.TaskLimits;
import org.zennet.runtime.TaskModule;
import org.zennet.runtime.TaskRuntime;

/**
 * The provider agent on anvil against a scripted publisher (real chain, real transport, real sandbox): a full job
 * paid to the wei and closed at its end; hostile input refused while the agent carries on; a publisher that stops
 * paying closed within one increment and denied; restarts mid-job that resume from SQLite and claim every voucher.
 */
@ExtendWith(AnvilExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProviderAgentIT {
  private static final BigInteger PRICE = BigInteger.valueOf(1_000_000_000L);
  private static final long FUEL_PER_TASK = 100_000_000L;
  private static final String SAMPLES = "20000";

  @TempDir Path dir;
  private Deployment deployment;
  private Credentials publisherKey;
  private Credentials providerKey;
  private ScriptedPublisher publisher;
  private ProviderAgent agent;
  private TaskRuntime local;
  private final TaskModule pi = Samples.Sample.PI.module();

  @BeforeAll
  void deploy(DevChain chain) throws Exception {
    Credentials treasury = chain.devKeys().get(0);
    publisherKey = chain.devKeys().get(1);
    providerKey = chain.devKeys().get(2);
    try (ChainConnection connection = ChainConnection.connect(chain.httpUrl(), chain.chainId())) {
      deployment = new Deployer(connection, treasury).deploy(GenesisDistribution.dev(treasury.getAddress(),
          List.of(publisherKey.getAddress())), Deployer.DEV_CHALLENGE_PERIOD, chain.httpUrl(), chain.wsUrl());
    }
  }

  @BeforeEach
  void start() throws Exception {
    publisher = new ScriptedPublisher(deployment, publisherKey);
    local = TaskRuntime.chicory(RuntimeConfig.DEFAULT.withSlots(1));
  }

  @AfterEach
  void stop() {
    if (agent != null) {
      agent.close();
      agent = null;
    }
    publisher.close();
    local.close();
  }

  private ProviderConfig config(Duration paymentBehind) {
    return config(paymentBehind, 1_000_000_000L, "0");
  }

  private ProviderConfig config(Duration paymentBehind, long fuelPerSecond, String redeemThreshold) {
    return new ProviderConfig(Path.of("unused-keystore.json"), null, null, Path.of("unused-deployment.json"), null, null,
        dir.resolve("provider-data"), "/ip4/127.0.0.1/tcp/0", null, BigInteger.valueOf(1000), 2, fuelPerSecond, 2,
        null, List.of(), List.of(), List.of(), redeemThreshold, new ProviderConfig.Timeouts(Duration.ofSeconds(10),
        paymentBehind, Duration.ofMinutes(5), Duration.ofMillis(500), Duration.ofSeconds(5)), 0);
  }

  private ProviderAgent startAgent(Duration paymentBehind) throws Exception {
    agent = ProviderAgent.start(config(paymentBehind), providerKey, deployment);
    return agent;
  }

  /** The agent's Prometheus text, from its HTTP endpoint. */
  private String scrape() throws Exception {
    var response = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
        java.net.URI.create("http://127.0.0.1:" + agent.metricsPort().orElseThrow() + "/metrics")).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body();
  }

  private String provider() {
    return providerKey.getAddress().toLowerCase();
  }

  private BigInteger xen(String account) throws Exception {
    return await(publisher.contracts.xen().balanceOf(account));
  }

  private ChannelInfo awaitClosed(BigInteger channel) throws Exception {
    long deadline = System.nanoTime() + ScriptedPublisher.WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      ChannelInfo info = await(publisher.contracts.channels().channelInfo(channel));
      if (info.state() == ChannelInfo.State.CLOSED) {
        return info;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("channel " + channel + " was not closed");
  }

  /** A job with one agreement and its channel open. */
  private record Job(BigInteger channel, PeerId peer) {}

  private Job postAndJoin(long tasks) throws Exception {
    publisher.post(pi, tasks, FUEL_PER_TASK, PRICE, 1, BigInteger.TEN.pow(18));
    ScriptedPublisher.Signed agreement = publisher.awaitAgreement(provider());
    assertThat(agreement.price()).as("the default strategy bids the posted maximum").isEqualTo(PRICE);
    if (agent.config().fuelPerSecond() > 0) {
      assertThat(agreement.fuelPerSecond()).as("the bid's speed: one slot's configured figure times the slots")
          .isEqualTo(agent.config().fuelPerSecond() * agent.config().slots());
    }
    return new Job(publisher.openChannel(provider(), agreement.deposit()), agreement.peer());
  }

  private RunTask task(Job job, long index) {
    return publisher.runTask(job.channel(), index, new byte[0], List.of(SAMPLES, String.valueOf(index)), FUEL_PER_TASK)
        .build();
  }

  /** Runs task {@code index}, checks its output against a local run, and returns its fuel. */
  private long runChecked(Job job, long index) throws Exception {
    ScriptedPublisher.Answer a = publisher.run(job.peer(), task(job, index), new byte[0]);
    assertThat(a.ok()).as("task %d: %s", index, a.first()).isTrue();
    var expected = local.run(pi, new TaskInput(new byte[0], List.of(SAMPLES, String.valueOf(index)), index),
        TaskLimits.DEFAULT.withFuel(FUEL_PER_TASK));
    assertThat(a.output()).isEqualTo(expected.stdout());
    assertThat(a.fuel()).isEqualTo(expected.fuelUsed());
    return a.fuel();
  }

  private BigInteger payAcked(Job job, BigInteger amount) throws Exception {
    PayMessage answer = publisher.pay(job.peer(), publisher.voucher(job.channel(), amount));
    assertThat(answer.hasAck()).as("answer %s", answer).isTrue();
    return WireValues.uint256(answer.getAck().getCommittedAmount(), "committed");
  }

  @Test
  void aFullJobIsPaidToTheWeiAndClosedAtItsEnd() throws Exception {
    startAgent(Duration.ofSeconds(30));
    BigInteger before = xen(provider());
    Job job = postAndJoin(6);
    long fuel = 0;
    for (int i = 0; i < 6; i++) {
      fuel += runChecked(job, i);
      BigInteger owed = Pricing.owed(fuel, PRICE);
      assertThat(payAcked(job, owed)).as("acknowledged only once committed").isEqualTo(owed);
    }
    BigInteger total = Pricing.owed(fuel, PRICE);
    publisher.closeJob();
    ChannelInfo closed = awaitClosed(job.channel());
    assertThat(closed.state()).isEqualTo(ChannelInfo.State.CLOSED);
    assertThat(xen(provider()).subtract(before)).as("price x fuel, to the wei").isEqualTo(total);
    Thread.sleep(300);
    try (SqliteProviderStore store = SqliteProviderStore.openReadOnly(config(null).database(config(null).dataDir()))) {
      ProviderStore.Job j = store.jobs().get(0);
      assertThat(j.state()).isEqualTo(ProviderStore.JobState.CLOSED);
      assertThat(j.fuel()).isEqualTo(fuel);
      assertThat(j.tasks()).isEqualTo(6);
      ProviderStore.Money m = store.money(job.channel()).orElseThrow();
      assertThat(m.held()).isEqualTo(total);
      assertThat(m.redeemed()).isEqualTo(total);
      assertThat(m.closed()).isTrue();
    }
    String metrics = scrape();
    double xenTotal = new java.math.BigDecimal(total).movePointLeft(18).doubleValue();
    assertThat(metric(metrics, "zennet_provider_tasks_total")).isEqualTo(6);
    assertThat(metric(metrics, "zennet_provider_fuel_total")).isEqualTo(fuel);
    assertThat(metric(metrics, "zennet_provider_vouchers_total{result=\"accepted\"}")).isEqualTo(6);
    assertThat(metric(metrics, "zennet_provider_actions_total{kind=\"close\",result=\"ok\"}")).isEqualTo(1);
    assertThat(metric(metrics, "zennet_provider_jobs_active")).isZero();
    assertThat(metric(metrics, "zennet_provider_earned_xen")).isEqualTo(xenTotal);
    assertThat(metric(metrics, "zennet_provider_unredeemed_xen")).isZero();

    // a restart keeps the money of the jobs that were over in its gauges
    agent.close();
    agent = ProviderAgent.start(config(Duration.ofSeconds(30)), providerKey, deployment);
    String again = scrape();
    assertThat(metric(again, "zennet_provider_earned_xen")).isEqualTo(xenTotal);
    assertThat(metric(again, "zennet_provider_redeemed_xen")).isEqualTo(xenTotal);
    assertThat(metric(again, "zennet_provider_unredeemed_xen")).isZero();
  }

  /** The value of one series in a Prometheus text, such as {@code zennet_provider_tasks_total}. */
  static double metric(String text, String series) {
    return text.lines().filter(l -> l.startsWith(series + " ")).map(l -> Double.parseDouble(l.substring(series.length() + 1)))
        .findFirst().orElseThrow(() -> new AssertionError("no series " + series + " in:\n" + text));
  }

  @Test
  void measuresItsSpeedAtStartUpAndBidsIt() throws Exception {
    agent = ProviderAgent.start(config(Duration.ofSeconds(30), 0, "0"), providerKey, deployment);
    postAndJoin(2);
    ScriptedPublisher.Signed agreement = publisher.awaitAgreement(provider());
    // the sandbox burns between 10^7 and 10^11 fuel per second per slot on any machine that can run it
    assertThat(agreement.fuelPerSecond()).as("measured at start-up, all slots")
        .isBetween(2 * 10_000_000L, 2 * 100_000_000_000L).isEven();
  }

  @Test
  void redeemsOnChainOnceItsUnredeemedVouchersPassTheThreshold() throws Exception {
    // a task here earns about 1.5 nano-XEN (1.5 Mfuel at 10^9 wei per Mfuel): the first voucher is below 1 nano-XEN
    // only when a task uses less than a million fuel, so every acknowledged voucher passes the threshold
    agent = ProviderAgent.start(config(Duration.ofSeconds(30), 1_000_000_000L, "0.000000001"), providerKey,
        deployment);
    BigInteger before = xen(provider());
    Job job = postAndJoin(4);
    long fuel = runChecked(job, 0);
    BigInteger first = Pricing.owed(fuel, PRICE);
    assertThat(first).isGreaterThan(BigInteger.TEN.pow(9));
    payAcked(job, first);
    ChannelInfo info = awaitPaid(job.channel(), first);
    assertThat(info.state()).as("redeemed, not closed: the job goes on").isEqualTo(ChannelInfo.State.OPEN);
    assertThat(xen(provider()).subtract(before)).isEqualTo(first);

    fuel += runChecked(job, 1);
    BigInteger second = Pricing.owed(fuel, PRICE);
    payAcked(job, second);
    awaitPaid(job.channel(), second);
    assertThat(xen(provider()).subtract(before)).as("the delta of the second redeem").isEqualTo(second);
    assertThat(metric(scrape(), "zennet_provider_actions_total{kind=\"redeem\",result=\"ok\"}")).isEqualTo(2);

    publisher.closeJob();
    awaitClosed(job.channel());
    assertThat(xen(provider()).subtract(before)).as("nothing more to take at the close").isEqualTo(second);
  }

  private ChannelInfo awaitPaid(BigInteger channel, BigInteger amount) throws Exception {
    long deadline = System.nanoTime() + ScriptedPublisher.WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      ChannelInfo info = await(publisher.contracts.channels().channelInfo(channel));
      if (info.paid().equals(amount)) {
        return info;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("channel " + channel + " was not redeemed up to " + amount);
  }

  @Test
  void hostileInputIsRefusedAndTheAgentCarriesOn() throws Exception {
    startAgent(Duration.ofSeconds(30));
    Job job = postAndJoin(10);
    long fuel = runChecked(job, 0);
    BigInteger owed = Pricing.owed(fuel, PRICE);
    assertThat(payAcked(job, owed)).isEqualTo(owed);

    // task requests that break the agreement or the protocol
    assertThat(code(job, task(job, 1).toBuilder().setJobId(WireValues.uint256(BigInteger.valueOf(999))).build()))
        .isEqualTo(TaskErrorCode.TASK_ERROR_CODE_NO_AGREEMENT);
    assertThat(code(job, task(job, 1).toBuilder().setModuleSha256(ByteString.copyFrom(new byte[32])).build()))
        .isEqualTo(TaskErrorCode.TASK_ERROR_CODE_INVALID_REQUEST);
    assertThat(code(job, task(job, 1).toBuilder().setFuelLimit(FUEL_PER_TASK + 1).build()))
        .isEqualTo(TaskErrorCode.TASK_ERROR_CODE_INVALID_REQUEST);
    assertThat(code(job, task(job, 1).toBuilder().setInputSize(Long.MAX_VALUE).build()))
        .isEqualTo(TaskErrorCode.TASK_ERROR_CODE_INVALID_REQUEST);
    assertThat(code(job, task(job, 1).toBuilder().setChannelId(WireValues.uint256(job.channel().add(BigInteger.ONE)))
        .build())).isEqualTo(TaskErrorCode.TASK_ERROR_CODE_CHANNEL_INVALID);
    byte[] input = "some input".getBytes();
    RunTask wrongHash = publisher.runTask(job.channel(), 1, input, List.of(SAMPLES, "1"), FUEL_PER_TASK)
        .setInputSha256(ByteString.copyFrom(new byte[32])).build();
    assertThat(publisher.run(job.peer(), wrongHash, input).first().getError().getCode())
        .isEqualTo(TaskErrorCode.TASK_ERROR_CODE_INPUT_HASH_MISMATCH);

    // garbage and an oversized length prefix reset their stream only
    var conn = publisher.connection(job.peer());
    var raw = await(conn.openStream("/zennet/task/1.0.0"));
    raw.write(Buffer.buffer(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0x7f, 1, 2, 3}));
    var rawPay = await(conn.openStream("/zennet/pay/1.0.0"));
    rawPay.write(Buffer.buffer(new byte[] {4, (byte) 0xde, (byte) 0xad, (byte) 0xbe, (byte) 0xef}));
    // a peer that is not the job's publisher cannot open a task stream at all
    Vertx vertx = Vertx.vertx();
    try {
      Host stranger = Host.create(vertx, HostKey.fromCredentials(Credentials.create(Keys.createEcKeyPair())),
          HostConfig.DEFAULT);
      var s = MessageStream.<TaskMessage, TaskMessage>over(await(stranger.openStream(agent.listenAddress(),
          "/zennet/task/1.0.0")), TaskMessage.parser(), WireConfig.DEFAULT);
      s.write(TaskMessage.newBuilder().setRunTask(task(job, 1)).build());
      assertThat(s.next().toCompletionStage().toCompletableFuture()).failsWithin(Duration.ofSeconds(10));
    } finally {
      vertx.close();
    }

    // vouchers that are bad: another signer, lower, above the deposit, malformed
    SignedVoucher forged = publisher.contracts.vouchers().sign(new org.zennet.contracts.channel.Voucher(job.channel(),
        owed.add(BigInteger.TEN)), Credentials.create(Keys.createEcKeyPair()));
    assertThat(reject(job, forged)).isEqualTo(VoucherRejectReason.VOUCHER_REJECT_REASON_BAD_SIGNATURE);
    assertThat(reject(job, publisher.voucher(job.channel(), owed.subtract(BigInteger.ONE))))
        .isEqualTo(VoucherRejectReason.VOUCHER_REJECT_REASON_NOT_INCREASING);
    assertThat(reject(job, publisher.voucher(job.channel(), BigInteger.TEN.pow(19))))
        .isEqualTo(VoucherRejectReason.VOUCHER_REJECT_REASON_EXCEEDS_DEPOSIT);
    PayMessage malformed = publisher.pay(job.peer(), job.channel(), org.zennet.protocol.wire.messages.Voucher
        .newBuilder().setChannelId(ByteString.copyFrom(new byte[3])).build());
    assertThat(malformed.getReject().getReason()).isEqualTo(VoucherRejectReason.VOUCHER_REJECT_REASON_MALFORMED);

    // and the agent still works and pays as before
    fuel += runChecked(job, 1);
    assertThat(payAcked(job, Pricing.owed(fuel, PRICE))).isEqualTo(Pricing.owed(fuel, PRICE));
    assertThat(payAcked(job, Pricing.owed(fuel, PRICE))).as("a resend is acknowledged again")
        .isEqualTo(Pricing.owed(fuel, PRICE));
  }

  private TaskErrorCode code(Job job, RunTask task) throws Exception {
    ScriptedPublisher.Answer a = publisher.run(job.peer(), task, new byte[0]);
    assertThat(a.first().hasError()).as("answer %s", a.first()).isTrue();
    return a.first().getError().getCode();
  }

  private VoucherRejectReason reject(Job job, SignedVoucher v) throws Exception {
    PayMessage answer = publisher.pay(job.peer(), v);
    assertThat(answer.hasReject()).as("answer %s", answer).isTrue();
    return answer.getReject().getReason();
  }

  @Test
  void aPublisherThatStopsPayingIsClosedWithinOneIncrementAndDenied() throws Exception {
    startAgent(Duration.ofSeconds(2));
    BigInteger before = xen(provider());
    Job job = postAndJoin(10);
    long fuel = runChecked(job, 0);
    BigInteger paid = Pricing.owed(fuel, PRICE);
    assertThat(payAcked(job, paid)).isEqualTo(paid);
    fuel += runChecked(job, 1); // not paid: one task is more than one increment (1 Mfuel) here
    assertThat(code(job, task(job, 2))).isEqualTo(TaskErrorCode.TASK_ERROR_CODE_PAYMENT_BEHIND);
    awaitClosed(job.channel());
    assertThat(xen(provider()).subtract(before)).as("closed with the best voucher it held").isEqualTo(paid);
    Thread.sleep(300);
    try (SqliteProviderStore store = SqliteProviderStore.openReadOnly(config(null).database(config(null).dataDir()))) {
      assertThat(store.denied()).containsExactly(publisherKey.getAddress().toLowerCase());
    }
    // a new job of the same publisher is not even negotiated
    publisher.agreements.clear();
    publisher.post(pi, 2, FUEL_PER_TASK, PRICE, 1, BigInteger.TEN.pow(18));
    Thread.sleep(3_000);
    assertThat(publisher.agreements).isEmpty();
  }

  @Test
  void aStopHandsBackTheTaskThatOutlastsItsGraceAndTakesNoNewOne() throws Exception {
    startAgent(Duration.ofSeconds(30)); // stopGrace 5 s
    publisher.post(pi, 4, 100_000_000_000L, PRICE, 1_000_000, BigInteger.TEN.pow(18));
    ScriptedPublisher.Signed agreement = publisher.awaitAgreement(provider());
    Job job = new Job(publisher.openChannel(provider(), agreement.deposit()), agreement.peer());
    // 10^9 samples: about 76 Gfuel, far more than five seconds of work on any machine
    RunTask slow = publisher.runTask(job.channel(), 0, new byte[0], List.of("1000000000", "0"), 100_000_000_000L)
        .build();
    java.util.concurrent.CompletableFuture<ScriptedPublisher.Answer> answer = java.util.concurrent.CompletableFuture
        .supplyAsync(() -> {
          try {
            return publisher.run(job.peer(), slow, new byte[0]);
          } catch (Exception e) {
            throw new java.util.concurrent.CompletionException(e);
          }
        });
    long deadline = System.nanoTime() + ScriptedPublisher.WAIT.toNanos();
    while (agent.running() == 0 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(agent.running()).as("the slow task runs").isEqualTo(1);

    ProviderAgent stopping = agent;
    agent = null;
    long start = System.nanoTime();
    java.util.concurrent.CompletableFuture<Void> closed = java.util.concurrent.CompletableFuture.runAsync(stopping::close);
    while (!stopping.stopping()) {
      Thread.sleep(10);
    }
    ScriptedPublisher.Answer refused = publisher.run(job.peer(), task(job, 1), new byte[0]);
    assertThat(refused.first().getError().getCode()).as("%s", refused.first())
        .isEqualTo(TaskErrorCode.TASK_ERROR_CODE_BUSY);
    assertThat(refused.first().getError().getDetail()).isEqualTo("the provider is stopping");

    ScriptedPublisher.Answer handedBack = answer.get(60, java.util.concurrent.TimeUnit.SECONDS);
    assertThat(System.nanoTime() - start).as("the running task had its grace")
        .isGreaterThanOrEqualTo(Duration.ofSeconds(5).toNanos());
    assertThat(handedBack.first().hasError()).as("%s", handedBack.first()).isTrue();
    assertThat(handedBack.first().getError().getCode()).isEqualTo(TaskErrorCode.TASK_ERROR_CODE_BUSY);
    assertThat(handedBack.first().getError().getDetail()).contains("the provider is stopping");
    closed.get(60, java.util.concurrent.TimeUnit.SECONDS);
  }

  @Test
  void aRestartMidJobResumesFromItsDatabaseAndClaimsEveryVoucher() throws Exception {
    startAgent(Duration.ofSeconds(30));
    BigInteger before = xen(provider());
    Job job = postAndJoin(10);
    long fuel = 0;
    for (int i = 0; i < 2; i++) {
      fuel += runChecked(job, i);
      payAcked(job, Pricing.owed(fuel, PRICE));
    }
    agent.close();

    // a new agent on the same database dials the publisher again and goes on with the same channel
    publisher.dropPayStreams();
    startAgent(Duration.ofSeconds(30));
    for (int i = 2; i < 4; i++) {
      fuel += runChecked(job, i);
      assertThat(payAcked(job, Pricing.owed(fuel, PRICE))).isEqualTo(Pricing.owed(fuel, PRICE));
    }
    BigInteger total = Pricing.owed(fuel, PRICE);
    agent.close();
    agent = null;

    // the job closes while the provider is away: the next start closes the channel with the best voucher
    publisher.closeJob();
    startAgent(Duration.ofSeconds(30));
    awaitClosed(job.channel());
    assertThat(xen(provider()).subtract(before)).as("every voucher claimed, to the wei").isEqualTo(total);
  }
}
