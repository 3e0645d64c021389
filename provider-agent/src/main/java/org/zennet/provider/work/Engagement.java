package org.zennet.provider.work;

import io.vertx.core.Future;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Instant;
import org.zennet.contracts.channel.SignedVoucher;
import org.zennet.protocol.identity.PeerId;
import org.zennet.protocol.manifest.JobManifest;
import org.zennet.protocol.wire.Pricing;
import org.zennet.provider.store.ProviderStore;
import org.zennet.provider.store.ProviderStore.JobState;

/**
 * One job the provider has an agreement for, as it stands in memory: the agreed terms, the channel once checked,
 * the fuel delivered and what it is worth, the best voucher committed and what was redeemed, the tasks running,
 * and the payment pace. Restored from the {@link ProviderStore} after a restart. Thread-safe (its own lock).
 */
public final class Engagement {
  private final BigInteger jobId;
  private final String publisher;
  private final PeerId peer;
  private final String endpoint;
  private final JobManifest manifest;
  private final BigInteger price;
  private final int slots;
  private final BigInteger agreedDeposit;
  private final long expiresAt;
  private final Pace pace;
  private BigInteger channelId;
  private BigInteger deposit;
  private long fuel;
  private long tasks;
  private SignedVoucher best;
  private BigInteger redeemed = BigInteger.ZERO;
  private int running;
  private JobState state;
  private Future<Void> channelCheck;
  private boolean chainBusy;
  private Instant disconnectedSince;
  private Instant lastDial = Instant.EPOCH;
  private Instant nextCloseAttempt = Instant.EPOCH;

  public Engagement(ProviderStore.Job job, JobManifest manifest, PeerId peer, Clock clock) {
    this.jobId = job.jobId();
    this.publisher = job.publisher();
    this.peer = peer;
    this.endpoint = job.endpoint();
    this.manifest = manifest;
    this.price = job.price();
    this.slots = job.slots();
    this.agreedDeposit = job.deposit();
    this.expiresAt = job.expiresAt();
    this.pace = new Pace(Pricing.increment(job.incrementMegaFuel(), job.price()), clock);
    this.channelId = job.channelId();
    this.deposit = job.deposit();
    this.fuel = job.fuel();
    this.tasks = job.tasks();
    this.state = job.state();
    if (channelId != null) {
      channelCheck = Future.succeededFuture();
    }
  }

  public BigInteger jobId() {
    return jobId;
  }

  public String publisher() {
    return publisher;
  }

  public PeerId peer() {
    return peer;
  }

  public String endpoint() {
    return endpoint;
  }

  public JobManifest manifest() {
    return manifest;
  }

  public BigInteger price() {
    return price;
  }

  public int slots() {
    return slots;
  }

  public BigInteger agreedDeposit() {
    return agreedDeposit;
  }

  public long expiresAt() {
    return expiresAt;
  }

  public synchronized BigInteger channelId() {
    return channelId;
  }

  public synchronized BigInteger deposit() {
    return deposit;
  }

  public synchronized JobState state() {
    return state;
  }

  public synchronized void state(JobState s) {
    state = s;
  }

  public synchronized long fuel() {
    return fuel;
  }

  public synchronized long tasks() {
    return tasks;
  }

  /** What the channel owes for the results delivered: floor(fuel × price / 10^6). */
  public synchronized BigInteger owed() {
    return Pricing.owed(fuel, price);
  }

  public synchronized BigInteger committed() {
    return best == null ? BigInteger.ZERO : best.voucher().cumulativeAmount();
  }

  public synchronized SignedVoucher best() {
    return best;
  }

  public synchronized BigInteger redeemed() {
    return redeemed;
  }

  public synchronized void restoreMoney(SignedVoucher voucher, BigInteger paidOut) {
    best = voucher;
    redeemed = paidOut;
    pace.update(owed(), committed());
  }

  /** The channel check under way or done (null before the first task). */
  public synchronized Future<Void> channelCheck() {
    return channelCheck;
  }

  public synchronized void channelCheck(Future<Void> check) {
    channelCheck = check;
  }

  public synchronized void channelVerified(BigInteger channel, BigInteger onChainDeposit) {
    channelId = channel;
    deposit = onChainDeposit;
    if (state == JobState.AGREED) {
      state = JobState.WORKING;
    }
  }

  public synchronized void deposit(BigInteger onChainDeposit) {
    deposit = onChainDeposit;
  }

  /** Takes a slot for a task, if one of the agreement's is free. */
  public synchronized boolean tryStart() {
    if (running >= slots) {
      return false;
    }
    running++;
    return true;
  }

  public synchronized void finished() {
    running--;
  }

  public synchronized int running() {
    return running;
  }

  /** A result delivered: its fuel now counts. */
  public synchronized void result(long taskFuel) {
    fuel += taskFuel;
    tasks++;
    pace.update(owed(), committed());
  }

  /** A voucher committed; returns whether the publisher is still behind. */
  public synchronized boolean committed(SignedVoucher voucher) {
    if (best == null || voucher.voucher().cumulativeAmount().compareTo(best.voucher().cumulativeAmount()) > 0) {
      best = voucher;
    }
    return pace.update(owed(), committed());
  }

  public synchronized void redeemed(BigInteger paidOut) {
    redeemed = redeemed.max(paidOut);
  }

  public synchronized boolean behind() {
    return pace.update(owed(), committed());
  }

  public synchronized boolean stalled(java.time.Duration limit) {
    pace.update(owed(), committed());
    return pace.stalled(limit);
  }

  /** Marks a chain action (redeem, close) under way; false when one already is. */
  public synchronized boolean tryChainAction() {
    if (chainBusy) {
      return false;
    }
    chainBusy = true;
    return true;
  }

  public synchronized void chainActionDone() {
    chainBusy = false;
  }

  public synchronized Instant disconnectedSince() {
    return disconnectedSince;
  }

  public synchronized void connected(boolean up, Instant now) {
    disconnectedSince = up ? null : disconnectedSince == null ? now : disconnectedSince;
  }

  public synchronized Instant lastDial() {
    return lastDial;
  }

  public synchronized void dialled(Instant now) {
    lastDial = now;
  }

  public synchronized Instant nextCloseAttempt() {
    return nextCloseAttempt;
  }

  public synchronized void nextCloseAttempt(Instant at) {
    nextCloseAttempt = at;
  }
}
