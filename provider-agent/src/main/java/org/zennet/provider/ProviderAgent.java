package org.zennet.provider;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.crypto.Credentials;
import org.zennet.contracts.Xen;
import org.zennet.contracts.chain.Cursor;
import org.zennet.contracts.channel.ChannelInfo;
import org.zennet.contracts.channel.SignedVoucher;
import org.zennet.contracts.channel.Voucher;
import org.zennet.contracts.channel.Vouchers;
import org.zennet.contracts.deploy.Deployment;
import org.zennet.contracts.market.JobEvent;
import org.zennet.protocol.host.Host;
import org.zennet.protocol.host.HostConfig;
import org.zennet.protocol.host.StreamHandler;
import org.zennet.protocol.identity.HostKey;
import org.zennet.protocol.identity.PeerId;
import org.zennet.protocol.manifest.JobManifest;
import org.zennet.protocol.multiaddr.Multiaddr;
import org.zennet.protocol.wire.messages.PayMessage;
import org.zennet.protocol.wire.messages.TaskMessage;
import org.zennet.provider.chain.ContractsProviderChain;
import org.zennet.provider.chain.ProviderChain;
import org.zennet.provider.market.Agreement;
import org.zennet.provider.market.CounterStrategy;
import org.zennet.provider.market.JobPolicy;
import org.zennet.provider.market.Negotiator;
import org.zennet.provider.store.ProviderStore;
import org.zennet.provider.store.ProviderStore.JobState;
import org.zennet.provider.store.SqliteProviderStore;
import org.zennet.provider.watch.WatcherClient;
import org.zennet.provider.work.Engagement;
import org.zennet.provider.work.PaymentService;
import org.zennet.provider.work.TaskService;
import org.zennet.provider.work.WorkContext;
import org.zennet.runtime.RuntimeConfig;
import org.zennet.runtime.TaskRuntime;
import org.zennet.runtime.bench.SelfBenchmark;

/**
 * The provider agent (docs/provider.md): follows {@code JobPosted} from its persisted cursor, negotiates the jobs
 * its policy takes, runs their tasks on a worker pool sized to its slots once each channel is checked on chain,
 * commits every voucher before acknowledging it, and gets its money: {@code redeem} past the threshold, delegation
 * to watchers, {@code closeByProvider} at the end of a job, when the publisher stays away, or when it stops
 * paying (then denied). A restart on the same database resumes every job and still claims every voucher.
 */
public final class ProviderAgent implements AutoCloseable, WorkContext {
  private static final Logger LOG = LoggerFactory.getLogger(ProviderAgent.class);
  static final long TICK_MILLIS = 250;
  static final Duration CLOSE_RETRY = Duration.ofSeconds(5);
  /** On a stop, how long the cancelled tasks' answers (BUSY) get to be written before the connections close. */
  static final Duration HAND_BACK_WAIT = Duration.ofSeconds(5);
  /** On stop, how long the watchers get to acknowledge the last vouchers before the host closes. */
  static final Duration WATCHER_FLUSH = Duration.ofSeconds(5);
  /** On stop, how long the publisher gets to pay for the last results before the watchers are flushed. */
  static final Duration LAST_VOUCHER_WAIT = Duration.ofSeconds(3);

  private final ProviderConfig config;
  private final Credentials key;
  private final ProviderChain chain;
  private final ProviderStore store;
  private final TaskRuntime runtime;
  private final Clock clock;
  private final Vertx vertx;
  private final Host host;
  private final ProviderMetrics metrics;
  private final JobPolicy policy;
  private final ExecutorService storeThread = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "provider-store");
    t.setDaemon(true);
    return t;
  });
  private final Map<BigInteger, Engagement> jobs = new ConcurrentHashMap<>();
  private final Map<BigInteger, Engagement> channels = new ConcurrentHashMap<>();
  private final Set<BigInteger> negotiating = ConcurrentHashMap.newKeySet();
  private final Set<String> denied = ConcurrentHashMap.newKeySet();
  private final AtomicInteger running = new AtomicInteger();
  private final BigInteger redeemThreshold;
  private Negotiator negotiator;
  private TaskService tasks;
  private WatcherClient watchers;
  private AutoCloseable follower;
  private HttpServer metricsServer;
  private Multiaddr listenAddress;
  private long tick = -1;
  private Instant lastWatcherRetry = Instant.EPOCH;
  // the money of the jobs that were over before this start, for the metrics (they are not kept in memory)
  private volatile BigInteger pastEarned = BigInteger.ZERO;
  private volatile BigInteger pastRedeemed = BigInteger.ZERO;
  private volatile boolean stopping;
  private volatile boolean closed;

  private ProviderAgent(ProviderConfig config, Credentials key, ProviderChain chain, ProviderStore store, Clock clock) {
    this.config = config;
    this.key = key;
    this.chain = chain;
    this.store = store;
    this.clock = clock;
    this.runtime = TaskRuntime.chicory(RuntimeConfig.DEFAULT.withSlots(config.slots()));
    this.vertx = Vertx.vertx();
    this.host = Host.create(vertx, HostKey.fromCredentials(key), HostConfig.DEFAULT);
    this.redeemThreshold = config.redeemThresholdWei();
    this.denied.addAll(config.deny());
    this.denied.addAll(store.denied());
    this.policy = new JobPolicy(config, () -> denied);
    this.metrics = new ProviderMetrics(this::totals);
  }

  /**
   * Starts a provider on {@code deployment}'s chain (the config's {@code rpcUrl}/{@code wsUrl} override the
   * descriptor's), with its state in {@code config.database(...)} (set {@code dataDir} first).
   */
  public static ProviderAgent start(ProviderConfig config, Credentials key, Deployment deployment) throws Exception {
    Deployment d = new Deployment(deployment.chainId(), config.rpcUrl() != null ? config.rpcUrl() : deployment.rpcUrl(),
        config.wsUrl() != null ? config.wsUrl() : deployment.wsUrl(), deployment.deploymentBlock(),
        deployment.contracts());
    return start(config, key, ContractsProviderChain.connect(d, key), Clock.systemUTC(), CounterStrategy.floor());
  }

  /** Starts a provider on {@code chain} (which it closes), pricing with {@code strategy}. */
  public static ProviderAgent start(ProviderConfig config, Credentials key, ProviderChain chain, Clock clock,
      CounterStrategy strategy) throws Exception {
    if (config.dataDir() == null) {
      chain.close();
      throw new IllegalArgumentException("dataDir: the agent needs its data folder (the CLI defaults it to <home>/provider)");
    }
    ProviderStore store;
    try {
      store = SqliteProviderStore.open(config.database(config.dataDir()));
    } catch (IOException e) {
      chain.close();
      throw e;
    }
    ProviderAgent agent = new ProviderAgent(config, key, chain, store, clock);
    try {
      agent.begin(strategy);
      return agent;
    } catch (Exception e) {
      agent.close();
      throw e;
    }
  }

  private void begin(CounterStrategy strategy) throws Exception {
    long fuelPerSecond = config.fuelPerSecond();
    if (fuelPerSecond == 0) {
      fuelPerSecond = SelfBenchmark.measure(runtime).fuelPerSecond();
      LOG.info("self-benchmark: {} fuel per second per slot", String.format("%,d", fuelPerSecond));
    }
    negotiator = new Negotiator(vertx, host, key, new Negotiator.Offer(chain.chainId(), chain.jobMarket(),
        config.priceFloor(), config.slots(), Math.multiplyExact(fuelPerSecond, (long) config.slots())), strategy, policy,
        config.timeouts().negotiation(), clock);
    watchers = new WatcherClient(host, config.watchers(), chain.chainId(), chain.paymentChannels(),
        (watcher, channel, ok, detail) -> metrics.chainAction("delegate", ok ? "ok" : "refused"));
    tasks = new TaskService(this, host.config().wire());
    PaymentService pay = new PaymentService(this);
    host.handle(TaskService.PROTOCOL, StreamHandler.forAccounts(this::isPublisher,
        s -> tasks.serve(org.zennet.protocol.host.MessageStream.<TaskMessage, TaskMessage>over(s, TaskMessage.parser(),
            host.config().wire()))));
    host.handle(PaymentService.PROTOCOL, StreamHandler.forAccounts(this::isPublisher,
        s -> pay.serve(org.zennet.protocol.host.MessageStream.<PayMessage, PayMessage>over(s, PayMessage.parser(),
            host.config().wire()))));
    Multiaddr bound = host.listen(Multiaddr.parse(config.listen())).toCompletionStage().toCompletableFuture()
        .get(30, TimeUnit.SECONDS);
    listenAddress = config.announce() != null ? Multiaddr.parse(config.announce()).withPeerId(host.peerId()) : bound;
    restore();
    if (config.metricsPort() != null) {
      metricsServer = vertx.createHttpServer().requestHandler(req -> {
        if ("/metrics".equals(req.path())) {
          req.response().putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8").end(metrics.scrape());
        } else {
          req.response().setStatusCode(404).end("the provider's metrics are at /metrics\n");
        }
      }).listen(config.metricsPort()).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      LOG.info("metrics on http://0.0.0.0:{}/metrics", metricsServer.actualPort());
    }
    watchers.connect();
    Cursor from = store.cursor().orElse(chain.origin());
    follower = chain.follow(from, this::onJobEvent);
    tick = vertx.setPeriodic(TICK_MILLIS, id -> tick());
  }

  /** Jobs of the database that are not over come back, with their money; a job closed meanwhile is closed. */
  private void restore() {
    Map<BigInteger, ProviderStore.Money> money = new java.util.HashMap<>();
    store.money().forEach(m -> money.put(m.channelId(), m));
    BigInteger earnedBefore = BigInteger.ZERO;
    BigInteger redeemedBefore = BigInteger.ZERO;
    for (ProviderStore.Job j : store.jobs()) {
      if (!j.state().active()) {
        ProviderStore.Money m = j.channelId() == null ? null : money.get(j.channelId());
        if (m != null) {
          earnedBefore = earnedBefore.add(m.held());
          redeemedBefore = redeemedBefore.add(m.redeemed());
        }
        continue;
      }
      try {
        Engagement e = new Engagement(j, JobManifest.parse(j.manifest()),
            Multiaddr.parse(j.endpoint()).peerId().orElseThrow(), clock);
        if (j.channelId() != null) {
          ProviderStore.Money m = money.get(j.channelId());
          if (m != null) {
            e.restoreMoney(m.best(), m.redeemed());
          }
          channels.put(j.channelId(), e);
        }
        jobs.put(j.jobId(), e);
        LOG.info("job {} resumed ({}): {} tasks, {} XEN held, {} XEN redeemed", j.jobId(), j.state(), j.tasks(),
            Xen.format(e.committed()), Xen.format(e.redeemed()));
        chain.jobClosed(j.jobId()).whenComplete((isClosed, failure) -> {
          if (Boolean.TRUE.equals(isClosed)) {
            closeChannel(e, "job " + j.jobId() + " was closed while the provider was away", false);
          }
        });
      } catch (Exception ex) {
        LOG.error("cannot resume job {} from the database: {}", j.jobId(), ex.getMessage());
      }
    }
    pastEarned = earnedBefore;
    pastRedeemed = redeemedBefore;
  }

  /** The provider's account, 0x-hex lower case. */
  public String address() {
    return chain.account();
  }

  /** The provider's PeerId. */
  public PeerId peerId() {
    return host.peerId();
  }

  /** Where publishers reach it, with {@code /p2p/<peer id>}. */
  public Multiaddr listenAddress() {
    return listenAddress;
  }

  /** The port of the metrics endpoint, when it has one. */
  public Optional<Integer> metricsPort() {
    return Optional.ofNullable(metricsServer).map(HttpServer::actualPort);
  }

  /** The jobs in memory (those not over, and those that ended while the agent ran). */
  public Collection<Engagement> engagements() {
    return List.copyOf(jobs.values());
  }

  private boolean isPublisher(String account) {
    return jobs.values().stream().anyMatch(e -> e.publisher().equals(account));
  }

  private ProviderMetrics.Totals totals() {
    BigInteger earned = pastEarned;
    BigInteger redeemed = pastRedeemed;
    for (Engagement e : jobs.values()) {
      earned = earned.add(e.committed());
      redeemed = redeemed.add(e.redeemed());
    }
    int active = (int) jobs.values().stream().filter(e -> e.state().active()).count();
    return new ProviderMetrics.Totals(earned, redeemed, active);
  }

  // ------------------------------------------------------------------------------------------
  // Discovery and negotiation
  // ------------------------------------------------------------------------------------------

  private void onJobEvent(JobEvent event, Cursor cursor) {
    if (event instanceof JobEvent.Posted posted) {
      onPosted(posted);
    } else if (event instanceof JobEvent.Closed c) {
      Engagement e = jobs.get(c.jobId());
      if (e != null && e.state().active()) {
        closeChannel(e, "job " + c.jobId() + " is closed", false);
      }
    }
    store.saveCursor(cursor);
  }

  private void onPosted(JobEvent.Posted posted) {
    if (stopping || jobs.containsKey(posted.jobId()) || negotiating.contains(posted.jobId())) {
      return;
    }
    int active = (int) jobs.values().stream().filter(e -> e.state().active()).count() + negotiating.size();
    Optional<String> why = policy.refuse(posted, clock.instant().getEpochSecond(), active);
    if (why.isPresent()) {
      metrics.job("skipped");
      LOG.info("job {} skipped: {}", posted.jobId(), why.get());
      return;
    }
    negotiating.add(posted.jobId());
    Context context = vertx.getOrCreateContext();
    context.runOnContext(v -> negotiator.negotiate(posted)
        .compose(a -> storeWork(() -> {
          store.addJob(new ProviderStore.Job(a.jobId(), a.publisher(), a.endpoint(), a.manifestBytes(), a.terms(),
              a.publisherSignature(), a.providerSignature(), a.price(), a.slots(), a.incrementMegaFuel(), a.deposit(),
              a.expiresAt(), null, 0, 0, JobState.AGREED));
          return a;
        }))
        .onComplete(ar -> {
          if (ar.succeeded()) {
            Agreement a = ar.result();
            jobs.put(a.jobId(), new Engagement(store.job(a.jobId()).orElseThrow(), a.manifest(), a.peer(), clock));
            metrics.job("agreed");
            LOG.info("job {} agreed with {}: {} wei per million fuel, {} slots, deposit {} XEN", a.jobId(),
                a.publisher(), a.price(), a.slots(), Xen.format(a.deposit()));
          } else {
            metrics.job("no_agreement");
            LOG.info("job {}: no agreement ({})", posted.jobId(), ar.cause().getMessage());
          }
          negotiating.remove(posted.jobId());
        }));
  }

  // ------------------------------------------------------------------------------------------
  // WorkContext
  // ------------------------------------------------------------------------------------------

  @Override
  public ProviderConfig config() {
    return config;
  }

  @Override
  public ProviderStore store() {
    return store;
  }

  @Override
  public TaskRuntime runtime() {
    return runtime;
  }

  @Override
  public Vouchers vouchers() {
    return chain.vouchers();
  }

  @Override
  public ProviderMetrics metrics() {
    return metrics;
  }

  @Override
  public Optional<Engagement> engagement(BigInteger jobId, String publisher) {
    return Optional.ofNullable(jobs.get(jobId)).filter(e -> e.publisher().equals(publisher));
  }

  @Override
  public Optional<Engagement> byChannel(BigInteger channelId, String publisher) {
    return Optional.ofNullable(channels.get(channelId)).filter(e -> e.publisher().equals(publisher));
  }

  @Override
  public boolean stopping() {
    return stopping;
  }

  @Override
  public int running() {
    return running.get();
  }

  @Override
  public boolean tryStartTask() {
    while (true) {
      int now = running.get();
      if (stopping || now >= config.slots()) {
        return false;
      }
      if (running.compareAndSet(now, now + 1)) {
        if (stopping) { // the stop began meanwhile: it may have seen no task running
          running.decrementAndGet();
          return false;
        }
        return true;
      }
    }
  }

  @Override
  public void taskEnded() {
    running.decrementAndGet();
  }

  private Context context() {
    Context c = Vertx.currentContext();
    return c != null ? c : vertx.getOrCreateContext();
  }

  private <T> Future<T> onContext(CompletableFuture<T> f) {
    return Future.fromCompletionStage(f, context());
  }

  @Override
  public <T> Future<T> storeWork(Callable<T> work) {
    CompletableFuture<T> f = new CompletableFuture<>();
    try {
      storeThread.execute(() -> {
        try {
          f.complete(work.call());
        } catch (Throwable t) {
          f.completeExceptionally(t);
        }
      });
    } catch (RuntimeException rejected) {
      f.completeExceptionally(rejected);
    }
    return onContext(f);
  }

  @Override
  public Future<Void> verifyChannel(Engagement job, BigInteger channelId) {
    synchronized (job) {
      BigInteger known = job.channelId();
      if (known != null && !known.equals(channelId)) {
        return Future.failedFuture("job " + job.jobId() + " is paid by channel " + known + ", not " + channelId);
      }
      Future<Void> check = job.channelCheck();
      if (check != null && !check.failed()) {
        return check;
      }
      Engagement other = channels.get(channelId);
      if (other != null && other != job) {
        return Future.failedFuture("channel " + channelId + " pays another job");
      }
      Future<Void> fresh = onContext(chain.channelInfo(channelId)).compose(info -> {
        String wrong = wrongChannel(job, info);
        if (wrong != null) {
          return Future.failedFuture(wrong);
        }
        return storeWork(() -> {
          store.channelVerified(job.jobId(), channelId);
          return info;
        });
      }).map(info -> {
        job.channelVerified(channelId, info.deposit());
        channels.put(channelId, job);
        LOG.info("job {} joined: channel {} holds {} XEN, {} wei per million fuel, {} slots", job.jobId(), channelId,
            Xen.format(info.deposit()), job.price(), job.slots());
        return null;
      });
      job.channelCheck(fresh);
      return fresh;
    }
  }

  private String wrongChannel(Engagement job, ChannelInfo info) {
    if (info.state() != ChannelInfo.State.OPEN) {
      return "channel " + info.channelId() + " is " + info.state() + ", not open";
    }
    if (!info.publisher().equals(job.publisher())) {
      return "channel " + info.channelId() + " is paid by " + info.publisher() + ", not the job's publisher";
    }
    if (!info.provider().equals(chain.account())) {
      return "channel " + info.channelId() + " pays " + info.provider() + ", not this provider";
    }
    if (info.deposit().compareTo(job.agreedDeposit()) < 0) {
      return "channel " + info.channelId() + " holds " + info.deposit() + " wei, less than the agreed "
          + job.agreedDeposit();
    }
    return null;
  }

  @Override
  public Future<BigInteger> refreshDeposit(Engagement job) {
    return onContext(chain.channelInfo(job.channelId())).map(info -> {
      job.deposit(info.deposit());
      return info.deposit();
    });
  }

  @Override
  public void voucherCommitted(Engagement job, SignedVoucher voucher) {
    watchers.delegate(voucher);
    redeemPastThreshold(job);
  }

  /**
   * Redeems the job's best voucher when what it holds unredeemed passes the threshold; once a redeem ends it looks
   * again, so a voucher committed while one was on its way is not left waiting for the next.
   */
  private void redeemPastThreshold(Engagement job) {
    SignedVoucher best = job.best();
    if (redeemThreshold.signum() == 0 || best == null || closed || !job.state().active()
        || job.state() == JobState.CLOSING) {
      return;
    }
    BigInteger unredeemed = best.voucher().cumulativeAmount().subtract(job.redeemed());
    if (unredeemed.compareTo(redeemThreshold) <= 0 || !job.tryChainAction()) {
      return;
    }
    chain.redeem(best).whenComplete((paid, failure) -> {
      boolean again = false;
      try {
        if (failure != null) {
          metrics.chainAction("redeem", "failed");
          LOG.warn("cannot redeem channel {}: {}", job.channelId(), failure.getMessage());
          return;
        }
        BigInteger before = job.redeemed();
        store.redeemed(job.channelId(), paid, false);
        job.redeemed(paid);
        metrics.chainAction("redeem", "ok");
        LOG.info("channel {} redeemed {} XEN (job {}; {} XEN paid out in all)", job.channelId(),
            Xen.format(paid.subtract(before)), job.jobId(), Xen.format(paid));
        again = true;
      } finally {
        job.chainActionDone();
      }
      if (again) {
        redeemPastThreshold(job);
      }
    });
  }

  // ------------------------------------------------------------------------------------------
  // Getting the money and watching the jobs
  // ------------------------------------------------------------------------------------------

  /** Closes the job's channel with its best voucher (a zero voucher when it has none: the deposit goes back). */
  private void closeChannel(Engagement job, String why, boolean deny) {
    if (deny && denied.add(job.publisher())) {
      storeWork(() -> {
        store.deny(job.publisher(), why);
        return null;
      });
    }
    if (job.channelId() == null) {
      job.state(JobState.ABANDONED);
      storeWork(() -> {
        store.setState(job.jobId(), JobState.ABANDONED);
        return null;
      });
      LOG.info("job {} ended before its channel was seen: {}", job.jobId(), why);
      return;
    }
    if (job.state() != JobState.CLOSING) {
      job.state(JobState.CLOSING);
      LOG.info("job {}: closing channel {} ({})", job.jobId(), job.channelId(), why);
      storeWork(() -> {
        store.setState(job.jobId(), JobState.CLOSING);
        return null;
      });
    }
    if (!job.tryChainAction()) {
      return;
    }
    SignedVoucher best = job.best();
    SignedVoucher voucher = best != null ? best
        : new SignedVoucher(new Voucher(job.channelId(), BigInteger.ZERO), new byte[SignedVoucher.SIGNATURE_LENGTH]);
    chain.closeByProvider(voucher).whenComplete((paid, failure) -> {
      if (failure == null) {
        closed(job, paid);
        metrics.chainAction("close", "ok");
        LOG.info("job {} finished: channel {} closed, {} XEN paid for {} tasks", job.jobId(), job.channelId(),
            Xen.format(paid), job.tasks());
        job.chainActionDone();
        return;
      }
      chain.channelInfo(job.channelId()).whenComplete((info, again) -> {
        if (again == null && (info.state() == ChannelInfo.State.CLOSED || info.state() == ChannelInfo.State.NONE)) {
          closed(job, job.redeemed());
          LOG.info("job {} finished: channel {} was already closed", job.jobId(), job.channelId());
        } else {
          metrics.chainAction("close", "failed");
          LOG.warn("cannot close channel {} yet: {}; trying again", job.channelId(), failure.getMessage());
          job.nextCloseAttempt(clock.instant().plus(CLOSE_RETRY));
        }
        job.chainActionDone();
      });
    });
  }

  private void closed(Engagement job, BigInteger paid) {
    job.redeemed(paid);
    job.state(JobState.CLOSED);
    store.redeemed(job.channelId(), paid, true);
    store.setState(job.jobId(), JobState.CLOSED);
  }

  private void tick() {
    if (closed) {
      return;
    }
    Instant now = clock.instant();
    if (Duration.between(lastWatcherRetry, now).compareTo(config.timeouts().redial()) >= 0) {
      lastWatcherRetry = now;
      watchers.retry();
    }
    for (Engagement e : jobs.values()) {
      JobState s = e.state();
      if (s == JobState.CLOSING) {
        if (!now.isBefore(e.nextCloseAttempt())) {
          closeChannel(e, "closing again", false);
        }
        continue;
      }
      if (s != JobState.AGREED && s != JobState.WORKING) {
        continue;
      }
      if (s == JobState.AGREED && e.channelId() == null && now.getEpochSecond() > e.expiresAt()) {
        closeChannel(e, "the agreement expired with no channel", false);
        continue;
      }
      if (e.stalled(config.timeouts().paymentBehind())) {
        LOG.warn("publisher {} stopped paying job {}: owed {} XEN, committed {} XEN; closing and denying it",
            e.publisher(), e.jobId(), Xen.format(e.owed()), Xen.format(e.committed()));
        closeChannel(e, "the publisher stopped paying", true);
        continue;
      }
      boolean up = host.connection(e.peer()).map(c -> !c.isClosed()).orElse(false);
      e.connected(up, now);
      if (up) {
        continue;
      }
      if (s == JobState.WORKING && Duration.between(e.disconnectedSince(), now)
          .compareTo(config.timeouts().publisherIdle()) > 0) {
        closeChannel(e, "the publisher has been gone for " + config.timeouts().publisherIdle().toSeconds() + " s", false);
        continue;
      }
      if (!stopping && Duration.between(e.lastDial(), now).compareTo(config.timeouts().redial()) >= 0) {
        e.dialled(now);
        try {
          host.connect(Multiaddr.parse(e.endpoint())).onFailure(x -> LOG.debug("redial of {} failed: {}",
              e.endpoint(), x.getMessage()));
        } catch (Exception x) {
          LOG.debug("bad endpoint {}: {}", e.endpoint(), x.getMessage());
        }
      }
    }
  }

  /**
   * Stops: no new jobs or tasks; running tasks get {@code stopGrace} to finish (then they are handed back);
   * everything is committed already. Safe from a shutdown hook.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    stopping = true;
    awaitNoTaskRunning(config.timeouts().stopGrace());
    // what still runs is cancelled and handed back (BUSY); the answers are written before the connections close
    runtime.close();
    awaitNoTaskRunning(HAND_BACK_WAIT);
    // the vouchers for the last results are on their way: commit them, so that the flush below delegates them
    awaitPaidUp(LAST_VOUCHER_WAIT);
    if (watchers != null) {
      try {
        // every committed voucher goes to the watchers before the host closes: they redeem while we are away
        if (!watchers.flush(WATCHER_FLUSH)) {
          LOG.warn("stopping with vouchers not yet delegated to every watcher (one did not answer in {} s)",
              WATCHER_FLUSH.toSeconds());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    closed = true;
    if (follower != null) {
      try {
        follower.close();
      } catch (Exception e) {
        LOG.debug("closing the event follower: {}", e.getMessage());
      }
    }
    if (tick >= 0) {
      vertx.cancelTimer(tick);
    }
    try {
      host.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.debug("closing the host: {}", e.getMessage());
    }
    storeThread.shutdown();
    try {
      storeThread.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.debug("closing vert.x: {}", e.getMessage());
    }
    store.close();
    chain.close();
  }

  /** Waits, at most {@code limit}, until every job at work holds a voucher for all its results. */
  private void awaitPaidUp(Duration limit) {
    long deadline = System.nanoTime() + limit.toNanos();
    while (System.nanoTime() < deadline && jobs.values().stream().anyMatch(e -> e.channelId() != null
        && e.state() == JobState.WORKING && e.owed().compareTo(e.committed()) > 0)) {
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private void awaitNoTaskRunning(Duration limit) {
    long deadline = System.nanoTime() + limit.toNanos();
    while ((running.get() > 0 || tasks != null && tasks.answersInFlight() > 0) && System.nanoTime() < deadline) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** The default data folder under a {@code --home}. */
  public static Path defaultDataDir(Path home) {
    return home.resolve("provider");
  }
}
