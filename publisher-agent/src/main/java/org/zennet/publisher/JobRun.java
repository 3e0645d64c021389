package org.zennet.publisher;

import io.vertx.core.Vertx;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.crypto.Credentials;
import org.zennet.contracts.Xen;
import org.zennet.protocol.host.Host;
import org.zennet.protocol.host.PeerConnection;
import org.zennet.protocol.identity.PeerId;
import org.zennet.protocol.manifest.JobManifest;
import org.zennet.protocol.multiaddr.Multiaddr;
import org.zennet.protocol.wire.WireConfig;
import org.zennet.protocol.wire.messages.NegotiateMessage;
import org.zennet.publisher.chain.PublisherChain;
import org.zennet.publisher.job.JobPlan;
import org.zennet.publisher.market.BidBook;
import org.zennet.publisher.market.JobOffer;
import org.zennet.publisher.market.NegotiationHandler;
import org.zennet.publisher.pay.Payer;
import org.zennet.publisher.results.Reducer;
import org.zennet.publisher.results.ResultFiles;
import org.zennet.publisher.schedule.Scheduler;
import org.zennet.publisher.schedule.SchedulerConfig;
import org.zennet.publisher.schedule.TaskOutcome;
import org.zennet.publisher.store.PublisherStore;
import org.zennet.publisher.work.JobServices;
import org.zennet.publisher.work.ProviderLink;
import org.zennet.runtime.TaskRuntime;

/**
 * One job from post (or resume) to close: escrow, the post, the bidding window, agreements, channels in
 * batches, the work through {@link ProviderLink}s, verification, payment, the reduce step, the close. Its
 * {@link #run} blocks (call it on a virtual thread); providers are served on the host's event loops.
 */
final class JobRun implements JobServices {
  private static final Logger LOG = LoggerFactory.getLogger(JobRun.class);
  static final String NEGOTIATE_PROTOCOL = "/zennet/negotiate/1.0.0";
  /** How long the first channel batch waits for the providers accepted at the end of the window to sign. */
  static final Duration FIRST_BATCH_WAIT = Duration.ofSeconds(5);
  /** At the end of a job, how long providers get to acknowledge their last vouchers before the links stop. */
  static final Duration PAY_UP_WAIT = Duration.ofSeconds(5);

  private final PublisherConfig config;
  private final JobPlan plan;
  private final Credentials key;
  private final PublisherChain chain;
  private final PublisherStore store;
  private final TaskRuntime runtime;
  private final Host host;
  private final Vertx vertx;
  private final Clock clock;
  private final Consumer<Progress> progress;
  private final java.util.function.BooleanSupplier stopRequested;
  private final Map<String, ProviderLink> links = new ConcurrentHashMap<>();
  private final Map<String, PeerId> peers = new ConcurrentHashMap<>();
  private final List<NegotiationHandler.Signed> pendingAgreements = new ArrayList<>();
  private final Set<BigInteger> toppingUp = ConcurrentHashMap.newKeySet();
  private final ExecutorService io = Executors.newSingleThreadExecutor(r -> Thread.ofVirtual().name("publisher-io").unstarted(r));
  private final ExecutorService chainWork = Executors.newVirtualThreadPerTaskExecutor();
  private final Instant started;
  /** When the first and the latest task of this run settled, epoch milliseconds; 0 before. */
  private final java.util.concurrent.atomic.AtomicLong firstResultAt = new java.util.concurrent.atomic.AtomicLong();
  private final java.util.concurrent.atomic.AtomicLong lastResultAt = new java.util.concurrent.atomic.AtomicLong();
  private final Settlement settlement;

  private PublisherStore.Job job;
  private Scheduler scheduler;
  private Payer payer;
  private ResultFiles results;
  private BidBook book;
  private BigInteger channelDeposit;
  private volatile boolean tasksStarted;
  private volatile boolean acceptingProviders = true;
  private volatile String phase = "starting";

  JobRun(PublisherConfig config, JobPlan plan, Credentials key, PublisherChain chain, PublisherStore store,
      TaskRuntime runtime, Host host, Vertx vertx, Clock clock, Consumer<Progress> progress,
      java.util.function.BooleanSupplier stopRequested) {
    this.config = config;
    this.plan = plan;
    this.key = key;
    this.chain = chain;
    this.store = store;
    this.runtime = runtime;
    this.host = host;
    this.vertx = vertx;
    this.clock = clock;
    this.progress = progress;
    this.stopRequested = stopRequested;
    this.started = clock.instant();
    this.settlement = new Settlement(chain, store, clock);
  }

  // ------------------------------------------------------------------------------------------
  // The flow
  // ------------------------------------------------------------------------------------------

  /** Half the payment increment, in fuel: results below it share a voucher (docs/protocol.md, "Pace"). */
  static long batchFuel(long paymentIncrementMegaFuel) {
    return Math.min(paymentIncrementMegaFuel, Long.MAX_VALUE / 1_000_000L) * 1_000_000L / 2;
  }

  JobReport run() throws Exception {
    String sha = HexFormat.of().formatHex(JobManifest.sha256(plan.manifestBytes()));
    Optional<PublisherStore.Job> previous = store.unfinishedJob(sha);
    results = new ResultFiles(plan.spec().output());
    channelDeposit = depositPerChannel();
    payer = new Payer(store, chain::sign, batchFuel(plan.spec().paymentIncrementMegaFuel()));
    try {
      if (previous.isPresent()) {
        resume(previous.get());
      } else {
        post();
      }
      if (job.state() == PublisherStore.JobState.POSTED || job.state() == PublisherStore.JobState.RUNNING) {
        work();
      }
      return finish();
    } finally {
      host.unhandle(NEGOTIATE_PROTOCOL);
      links.values().forEach(ProviderLink::stop);
      payer.close();
      io.shutdown();
      io.awaitTermination(30, TimeUnit.SECONDS);
      chainWork.shutdown();
    }
  }

  /** The channel deposit per provider: the budget spread over the most providers the job can use. */
  private BigInteger depositPerChannel() {
    int capacity = capacity();
    BigInteger perChannel = plan.spec().budgetWei().divide(BigInteger.valueOf(capacity));
    BigInteger max = BigInteger.ONE.shiftLeft(95).subtract(BigInteger.ONE);
    return perChannel.signum() == 0 ? BigInteger.ONE : perChannel.min(max);
  }

  private int capacity() {
    return Math.max(1, Math.min(plan.spec().maxProviders(), plan.tasks().size()));
  }

  private void post() throws Exception {
    phase = "posting";
    Multiaddr bound = host.listen(Multiaddr.parse(config.listen())).toCompletionStage().toCompletableFuture()
        .get(30, TimeUnit.SECONDS);
    String endpoint = config.announce() != null
        ? Multiaddr.parse(config.announce()).withPeerId(host.peerId()).toString() : bound.toString();
    List<PublisherStore.ChainTx> txs = new ArrayList<>();
    BigInteger budget = plan.spec().budgetWei();
    BigInteger escrow = chain.escrow().get();
    if (escrow.compareTo(budget) < 0) {
      BigInteger needed = budget.subtract(escrow);
      BigInteger balance = chain.balance().get();
      if (balance.compareTo(needed) < 0) {
        throw new PublisherException("the job's budget is " + Xen.format(budget) + " XEN; the escrow holds "
            + Xen.format(escrow) + " and the account " + chain.account() + " only " + Xen.format(balance)
            + " more: fund the account (zennet wallet transfer) or lower the budget");
      }
      List<PublisherChain.Tx> deposit = chain.deposit(needed).get();
      txs.add(new PublisherStore.ChainTx(0, "approve", deposit.get(0).hash(), deposit.get(0).gasUsed()));
      txs.add(new PublisherStore.ChainTx(0, "deposit", deposit.get(1).hash(), deposit.get(1).gasUsed()));
      LOG.info("deposited {} XEN into escrow", Xen.format(needed));
    }
    long now = chain.chainTime().get();
    long acceptBefore = now + plan.spec().acceptFor().toSeconds();
    PublisherChain.PostedJob posted = chain.postJob(JobManifest.sha256(plan.manifestBytes()),
        plan.spec().maxPricePerMegaFuel(), budget, acceptBefore, endpoint).get();
    txs.add(new PublisherStore.ChainTx(0, "postJob", posted.tx().hash(), posted.tx().gasUsed()));
    BitSet sampled = sample(plan.tasks().size(), plan.spec().replication());
    long id = store.addJob(new PublisherStore.Job(0, posted.jobId(), plan.manifestBytes(),
        plan.spec().name(), bound.withoutPeerId().toString(), sampled.toByteArray(),
        plan.spec().output().toString(), PublisherStore.JobState.POSTED, clock.instant().getEpochSecond(), acceptBefore));
    job = store.job(id).orElseThrow();
    txs.forEach(t -> store.addTransaction(new PublisherStore.ChainTx(id, t.kind(), t.hash(), t.gasUsed())));
    LOG.info("job {} posted: {} tasks, at most {} wei per million fuel, budget {} XEN, endpoint {}", posted.jobId(),
        plan.tasks().size(), plan.spec().maxPricePerMegaFuel(), Xen.format(budget), endpoint);
    scheduler = newScheduler(sampled);
    book = new BidBook(capacity(), p -> store.reputation(p).map(PublisherStore.Reputation::badResults).orElse(0L));
    serveNegotiation();
  }

  /** Picks {@code ceil(fraction × tasks)} tasks at random to replicate. */
  static BitSet sample(int tasks, double fraction) {
    BitSet sampled = new BitSet(tasks);
    int count = fraction <= 0 ? 0 : (int) Math.min(tasks, Math.ceil(fraction * tasks));
    SecureRandom random = new SecureRandom();
    while (sampled.cardinality() < count) {
      sampled.set(random.nextInt(tasks));
    }
    return sampled;
  }

  private Scheduler newScheduler(BitSet sampled) {
    return new Scheduler(plan.tasks().size(), sampled, new SchedulerConfig(runTimeout(),
        SchedulerConfig.DEFAULT_MAX_ATTEMPTS, SchedulerConfig.DEFAULT_MAX_RUNS, SchedulerConfig.DEFAULT_SPECULATE_AFTER_MIN,
        config.verificationWait()), clock);
  }

  private void resume(PublisherStore.Job previous) throws Exception {
    job = previous;
    phase = "resuming";
    host.listen(Multiaddr.parse(previous.listen())).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    scheduler = newScheduler(BitSet.valueOf(previous.sampled()));
    store.settled(job.id()).forEach(s -> scheduler.restore(s.task(), s.outcome()));
    book = new BidBook(capacity(), p -> store.reputation(p).map(PublisherStore.Reputation::badResults).orElse(0L));
    book.closeWindow();
    for (PublisherStore.Channel c : store.channels(job.id())) {
      book.restore(c.provider());
      peers.put(c.provider(), PeerId.parse(c.peer()));
      if (c.channelId() == null) {
        synchronized (pendingAgreements) {
          pendingAgreements.add(new NegotiationHandler.Signed(c.provider(), PeerId.parse(c.peer()), c.terms(),
              c.publisherSignature(), c.providerSignature(), c.price(), c.slots(), c.deposit()));
        }
      } else if (!c.cut() && !c.closed()) {
        payer.open(c);
        links.put(c.provider(), new ProviderLink(vertx, this, c.provider(), c.channelId(), c.slots()));
      } else if (c.cut()) {
        scheduler.ban(c.provider());
      }
    }
    LOG.info("job {} resumed: {} of {} tasks settled, {} channels to reconnect", job.chainJobId(),
        scheduler.settledCount(), plan.tasks().size(), links.size());
    if (job.state() != PublisherStore.JobState.CLOSING) {
      serveNegotiation();
    }
  }

  private void serveNegotiation() {
    JobOffer offer = new JobOffer(chain.chainId(), chain.jobMarket(), job.chainJobId(), chain.account(),
        key.getEcKeyPair(), plan.manifestBytes(), JobManifest.sha256(plan.manifestBytes()),
        plan.spec().maxPricePerMegaFuel(), plan.spec().targetPricePerMegaFuel(), plan.spec().paymentIncrementMegaFuel(),
        channelDeposit, JobOffer.DEFAULT_MAX_SLOTS, JobOffer.DEFAULT_AGREEMENT_LIFETIME);
    NegotiationHandler handler = new NegotiationHandler(offer, book,
        p -> store.reputation(p).map(PublisherStore.Reputation::banned).orElse(false),
        p -> acceptingProviders && clock.instant().getEpochSecond() < job.acceptBefore(),
        this::agreed, clock);
    host.handleMessages(NEGOTIATE_PROTOCOL, NegotiateMessage.parser(), handler::handle);
  }

  /** An agreement completed (on a connection's context): recorded, then opened with the next batch. */
  private void agreed(NegotiationHandler.Signed a) {
    peers.put(a.provider(), a.peer());
    io.execute(() -> {
      try {
        store.addAgreement(new PublisherStore.Channel(job.id(), a.provider(), a.peer().toBase58(), a.terms(),
            a.publisherSignature(), a.providerSignature(), a.price(), a.slots(), a.deposit(), null, 0,
            BigInteger.ZERO, 0, false, false, 0));
        LOG.info("job {}: agreed with {} at {} wei per million fuel, {} slots", job.chainJobId(), a.provider(),
            a.price(), a.slots());
        synchronized (pendingAgreements) {
          pendingAgreements.add(a);
        }
        book.agreementCompleted(a.provider());
      } catch (RuntimeException e) {
        LOG.warn("cannot record the agreement with {}: {}", a.provider(), e.getMessage());
        book.withdrawn(a.provider());
      }
    });
  }

  private void work() throws Exception {
    store.setJobState(job.id(), PublisherStore.JobState.RUNNING);
    Instant windowEnd = clock.instant().plus(plan.spec().biddingWindow());
    phase = "bidding";
    Instant lastBatch = Instant.EPOCH;
    Instant firstBatchBy = Instant.MAX;
    boolean firstBatchOpened = false;
    while (!scheduler.isFinished()) {
      Instant now = clock.instant();
      if (book.windowOpen() && !now.isBefore(windowEnd)) {
        book.closeWindow();
        firstBatchBy = now.plus(FIRST_BATCH_WAIT);
      }
      // the window's providers are opened together, once each has signed and the job's minimum has been accepted
      // (a bid that comes just after the window joins the first batch), or once the wait is over
      boolean enoughSigned = book.awaitingAgreements() == 0
          && book.accepted() >= Math.min(plan.spec().minProviders(), capacity());
      boolean firstBatchReady = !book.windowOpen() && (enoughSigned || !now.isBefore(firstBatchBy));
      if (!firstBatchOpened && firstBatchReady) {
        firstBatchOpened = true;
        lastBatch = now.minus(config.channelBatchDelay());
      }
      if (firstBatchOpened && Duration.between(lastBatch, now).compareTo(config.channelBatchDelay()) >= 0) {
        if (openPendingChannels()) {
          lastBatch = now;
        }
      }
      reconnect();
      if (!tasksStarted && attachedLinks() >= Math.min(plan.spec().minProviders(), capacity())) {
        tasksStarted = true;
        phase = "running";
        LOG.info("job {}: {} providers working, tasks start", job.chainJobId(), attachedLinks());
      }
      if (!tasksStarted && now.getEpochSecond() >= job.acceptBefore()) {
        throw new PublisherException("job " + job.chainJobId() + " found only " + attachedLinks() + " of the "
            + plan.spec().minProviders() + " providers it needs before its acceptBefore time");
      }
      scheduler.tick();
      for (int task : scheduler.takeAcceptedUnverified()) {
        // a sampled task no second provider could run: its lone result stands, and is kept like any other
        scheduler.outcome(task).ifPresent(o -> settled(task, o, scheduler.agreeing(task).stream().findFirst()
            .orElseThrow()));
      }
      progress.accept(progress());
      if (stopRequested.getAsBoolean()) {
        throw new JobStoppedException("job " + job.chainJobId() + " stopped with " + scheduler.settledCount() + " of "
            + plan.tasks().size() + " tasks done; publish the same job file again to resume it");
      }
      Thread.sleep(100);
    }
    acceptingProviders = false;
    progress.accept(progress());
  }

  private int attachedLinks() {
    return (int) links.values().stream().filter(l -> !l.isDetached()).count();
  }

  /** Opens the channels of the agreements waiting, in as few transactions as the batch limit allows. */
  private boolean openPendingChannels() throws Exception {
    List<NegotiationHandler.Signed> batch;
    synchronized (pendingAgreements) {
      if (pendingAgreements.isEmpty()) {
        return false;
      }
      batch = new ArrayList<>(pendingAgreements);
      pendingAgreements.clear();
    }
    BigInteger free = chain.escrow().get();
    int affordable = free.divide(channelDeposit).min(BigInteger.valueOf(batch.size())).intValue();
    if (affordable < batch.size()) {
      LOG.warn("job {}: the escrow ({} XEN) opens only {} of {} agreed channels", job.chainJobId(), Xen.format(free),
          affordable, batch.size());
      batch.subList(affordable, batch.size()).forEach(a -> book.withdrawn(a.provider()));
      batch = batch.subList(0, affordable);
    }
    for (int from = 0; from < batch.size(); from += chain.maxChannelsPerBatch()) {
      List<NegotiationHandler.Signed> part = batch.subList(from, Math.min(batch.size(), from + chain.maxChannelsPerBatch()));
      PublisherChain.OpenedChannels opened = chain.openChannels(job.chainJobId(),
          part.stream().map(NegotiationHandler.Signed::provider).toList(),
          part.stream().map(NegotiationHandler.Signed::deposit).toList()).get();
      store.addTransaction(new PublisherStore.ChainTx(job.id(), "openChannels", opened.tx().hash(), opened.tx().gasUsed()));
      LOG.info("job {}: opened {} channels in one transaction ({} gas)", job.chainJobId(), part.size(), opened.tx().gasUsed());
      for (int i = 0; i < part.size(); i++) {
        NegotiationHandler.Signed a = part.get(i);
        BigInteger channelId = opened.channels().get(i).channelId();
        store.channelOpened(job.id(), a.provider(), channelId, a.deposit());
        PublisherStore.Channel c = store.channels(job.id()).stream().filter(x -> x.provider().equals(a.provider()))
            .findFirst().orElseThrow();
        payer.open(c);
        ProviderLink link = new ProviderLink(vertx, this, a.provider(), channelId, a.slots());
        links.put(a.provider(), link);
        host.connection(a.peer()).ifPresent(link::attach);
      }
    }
    return true;
  }

  /** Attaches links whose provider came back; gives up on providers gone too long. */
  private void reconnect() {
    for (ProviderLink link : links.values()) {
      if (!link.isDetached()) {
        continue;
      }
      PeerId peer = peers.get(link.provider());
      Optional<PeerConnection> conn = peer == null ? Optional.empty() : host.connection(peer);
      if (conn.isPresent() && !conn.get().isClosed() && !scheduler.isBanned(link.provider())) {
        link.attach(conn.get());
      }
    }
  }

  private Progress progress() {
    BigInteger spent = links.values().stream().map(l -> payer.signed(l.channelId())).reduce(BigInteger.ZERO, BigInteger::add);
    return new Progress(phase, scheduler.settledCount(), plan.tasks().size(), scheduler.failedCount(),
        attachedLinks(), spent, Duration.between(started, clock.instant()));
  }

  /**
   * Before the links stop: signs what results still wait for a voucher and gives the providers a moment to
   * acknowledge their last vouchers, so each holds what the report says it was paid.
   */
  private void payUp() throws InterruptedException {
    for (ProviderLink link : links.values()) {
      if (link.isPaying() && payer.hasUnsigned(link.channelId())) {
        link.resendOwed(payer);
      }
    }
    long deadline = System.nanoTime() + PAY_UP_WAIT.toNanos();
    while (System.nanoTime() < deadline
        && links.values().stream().anyMatch(l -> l.isPaying() && !l.isDetached() && !l.paidUp(payer))) {
      Thread.sleep(20);
    }
  }

  private JobReport finish() throws Exception {
    List<Integer> failedTasks = scheduler.failedTasks();
    String resultFile = null;
    if (job.state() != PublisherStore.JobState.CLOSING) {
      payUp();
      links.values().forEach(ProviderLink::stop);
      io.submit(() -> null).get(); // every settled result is on disk
      if (failedTasks.isEmpty()) {
        phase = "reducing";
        progress.accept(progress());
        Path result = Reducer.reduce(plan, results, runtime);
        resultFile = result == null ? null : result.toString();
        results.removeRuns();
      } else {
        LOG.warn("job {}: {} tasks failed ({}); no reduce step", job.chainJobId(), failedTasks.size(), failedTasks);
      }
      phase = "closing";
      progress.accept(progress());
      PublisherChain.Tx closed = chain.closeJob(job.chainJobId()).get();
      store.addTransaction(new PublisherStore.ChainTx(job.id(), "closeJob", closed.hash(), closed.gasUsed()));
      store.setJobState(job.id(), PublisherStore.JobState.CLOSING);
      LOG.info("job {} closed on chain", job.chainJobId());
      settlement.closeAfter(job.id(), config.closeGrace());
    } else {
      resultFile = Optional.of(Reducer.resultFile(results, plan.spec().reduce().kind())).filter(java.nio.file.Files::exists)
          .map(Path::toString).orElse(null);
    }
    boolean allClosed = settlement.settle(job.id(), config.waitForSettle()).isEmpty();
    PublisherStore.JobState end = !failedTasks.isEmpty() ? PublisherStore.JobState.FAILED
        : allClosed ? PublisherStore.JobState.DONE : PublisherStore.JobState.CLOSING;
    if (end != PublisherStore.JobState.CLOSING) {
      store.setJobState(job.id(), end);
    }
    phase = "done";
    JobReport report = report(failedTasks, resultFile, end);
    report.write();
    return report;
  }

  private JobReport report(List<Integer> failedTasks, String resultFile, PublisherStore.JobState end) {
    List<JobReport.ProviderShare> shares = new ArrayList<>();
    long fuel = 0;
    BigInteger spent = BigInteger.ZERO;
    for (PublisherStore.Channel c : store.channels(job.id())) {
      PublisherStore.Payment totals = c.channelId() == null ? null : payer.totals(c.channelId()).orElse(null);
      long f = totals != null ? totals.fuel() : c.fuel();
      BigInteger paid = totals != null ? totals.signed() : c.signed();
      long tasks = totals != null ? totals.tasks() : c.tasks();
      shares.add(new JobReport.ProviderShare(c.provider(), c.channelId(), tasks, f, paid, c.price(), c.cut()));
      fuel += f;
      spent = spent.add(paid);
    }
    List<JobReport.Tx> txs = store.transactions(job.id()).stream()
        .map(t -> new JobReport.Tx(t.kind(), t.hash(), t.gasUsed())).toList();
    int unverified = 0;
    for (int i = 0; i < plan.tasks().size(); i++) {
      if (scheduler.unverified(i)) {
        unverified++;
      }
    }
    return new JobReport(plan.spec().name(), job.chainJobId(), plan.tasks().size(), failedTasks, unverified, fuel,
        spent, shares, txs, txs.stream().mapToLong(JobReport.Tx::gasUsed).sum(),
        Duration.between(started, clock.instant()).toMillis(), started.toEpochMilli(), firstResultAt.get(),
        lastResultAt.get(), resultFile, plan.spec().output().toString(), end.name());
  }

  // ------------------------------------------------------------------------------------------
  // JobServices, for the links
  // ------------------------------------------------------------------------------------------

  @Override
  public JobPlan plan() {
    return plan;
  }

  @Override
  public BigInteger jobId() {
    return job.chainJobId();
  }

  @Override
  public Scheduler scheduler() {
    return scheduler;
  }

  @Override
  public Payer payer() {
    return payer;
  }

  @Override
  public ResultFiles results() {
    return results;
  }

  @Override
  public WireConfig wire() {
    return host.config().wire();
  }

  @Override
  public Duration runTimeout() {
    return plan.spec().taskTimeout().multipliedBy(2).plusSeconds(30);
  }

  @Override
  public boolean started() {
    return tasksStarted;
  }

  @Override
  public void settled(int task, TaskOutcome outcome, String provider) {
    long now = clock.millis();
    firstResultAt.compareAndSet(0, now);
    lastResultAt.accumulateAndGet(now, Math::max);
    io.execute(() -> {
      try {
        results.settle(task, provider);
        store.settle(job.id(), new PublisherStore.Settled(task, outcome, scheduler.unverified(task)));
      } catch (IOException | RuntimeException e) {
        LOG.error("cannot keep the result of task {}: {}", task, e.getMessage());
      }
    });
  }

  @Override
  public void cheatersFound(Set<String> providers) {
    for (String p : providers) {
      if (scheduler.isBanned(p)) {
        continue;
      }
      List<Integer> reopened = scheduler.ban(p);
      ProviderLink link = links.get(p);
      LOG.warn("job {}: provider {} returned results that other providers contradict; cut off, {} of its tasks run "
          + "again", job.chainJobId(), p, reopened.size());
      if (link != null) {
        link.cutOff();
      }
      chainWork.execute(() -> {
        store.recordReputation(p, 0, 1, true);
        if (link == null) {
          return;
        }
        store.cut(link.channelId());
        store.channels(job.id()).stream().filter(c -> link.channelId().equals(c.channelId())).findFirst()
            .ifPresent(c -> settlement.startClose(job.id(), c));
      });
    }
  }

  @Override
  public void depositShort(BigInteger channelId) {
    if (!toppingUp.add(channelId)) {
      return;
    }
    chainWork.execute(() -> {
      try {
        BigInteger free = chain.escrow().get();
        BigInteger amount = channelDeposit.min(free);
        if (amount.signum() == 0) {
          LOG.warn("channel {} needs a top-up but the escrow is empty: the budget is spent", channelId);
          return;
        }
        PublisherChain.Tx tx = chain.topUp(channelId, amount).get();
        store.addTransaction(new PublisherStore.ChainTx(job.id(), "topUp", tx.hash(), tx.gasUsed()));
        BigInteger deposit = chain.channelInfo(channelId).get().deposit();
        store.topUp(channelId, deposit);
        payer.depositRaised(channelId, deposit);
        links.values().stream().filter(l -> l.channelId().equals(channelId)).findFirst()
            .ifPresent(l -> l.resendOwed(payer));
        LOG.info("channel {} topped up by {} XEN", channelId, Xen.format(amount));
      } catch (Exception e) {
        LOG.warn("topping up channel {} failed: {}", channelId, e.getMessage());
      } finally {
        toppingUp.remove(channelId);
      }
    });
  }

  @Override
  public void misbehaved(String provider, String what) {
    LOG.warn("provider {} {}", provider, what);
    chainWork.execute(() -> store.recordReputation(provider, 0, 1, false));
  }
}
