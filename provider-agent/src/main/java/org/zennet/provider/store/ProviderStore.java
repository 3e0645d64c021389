package org.zennet.provider.store;

import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.zennet.contracts.chain.Cursor;
import org.zennet.contracts.channel.SignedVoucher;

/**
 * What the provider must not forget across a crash: how far it followed the job market, its agreements, the
 * fuel it delivered, the best voucher of every channel (committed before it is acknowledged), what it redeemed,
 * and the publishers it denies. Every write is durable when it returns.
 */
public interface ProviderStore extends AutoCloseable {

  /** Where a job is in its life at this provider. */
  enum JobState {
    /** Agreement signed; the channel is not seen on chain yet. */
    AGREED,
    /** The channel is checked on chain; tasks run. */
    WORKING,
    /** The provider is closing the channel (job over, publisher idle or not paying). */
    CLOSING,
    /** The channel is closed (or there was none to close): nothing more to claim. */
    CLOSED,
    /** The agreement expired before a channel opened, or the job could not go on. */
    ABANDONED;

    public boolean active() {
      return this == AGREED || this == WORKING || this == CLOSING;
    }
  }

  /**
   * One job at this provider.
   *
   * @param jobId the job's id on chain
   * @param publisher 0x-hex lower case
   * @param endpoint the publisher's multiaddr as posted
   * @param manifest the manifest document as received (its SHA-256 is the posted hash)
   * @param terms the agreement terms as signed
   * @param publisherSignature the publisher's signature over the terms
   * @param providerSignature ours
   * @param price XEN wei per million fuel
   * @param slots tasks at once
   * @param incrementMegaFuel the payment increment
   * @param deposit the agreed channel deposit, wei
   * @param expiresAt unix seconds: no channel by then voids the agreement
   * @param channelId the channel once seen on chain, else null
   * @param fuel fuel of every result delivered on the channel
   * @param tasks results delivered
   * @param state where the job is
   */
  record Job(BigInteger jobId, String publisher, String endpoint, byte[] manifest, byte[] terms,
      byte[] publisherSignature, byte[] providerSignature, BigInteger price, int slots, long incrementMegaFuel,
      BigInteger deposit, long expiresAt, BigInteger channelId, long fuel, long tasks, JobState state) {}

  /**
   * A channel's money at this provider.
   *
   * @param best the best voucher held, or null when none arrived yet
   * @param redeemed what was paid out on chain so far (redeemed or closed), wei
   */
  record Money(BigInteger channelId, BigInteger jobId, SignedVoucher best, BigInteger redeemed, boolean closed) {
    /** The best voucher's amount, 0 without one. */
    public BigInteger held() {
      return best == null ? BigInteger.ZERO : best.voucher().cumulativeAmount();
    }

    /** Held but not yet paid out on chain. */
    public BigInteger unredeemed() {
      return held().subtract(redeemed).max(BigInteger.ZERO);
    }
  }

  /** How far the job market was followed, if ever. */
  Optional<Cursor> cursor();

  void saveCursor(Cursor cursor);

  /** Records a signed agreement (state {@link JobState#AGREED}). */
  void addJob(Job job);

  Optional<Job> job(BigInteger jobId);

  /** Every job, oldest first. */
  List<Job> jobs();

  void setState(BigInteger jobId, JobState state);

  /** The job's channel was checked on chain: state {@link JobState#WORKING}. */
  void channelVerified(BigInteger jobId, BigInteger channelId);

  /** A result was delivered: its fuel counts towards what the channel owes. */
  void addResult(BigInteger jobId, long fuel);

  /**
   * Keeps {@code voucher} if it is higher than the best of its channel (of job {@code jobId}).
   *
   * @return the best amount now held for the channel
   */
  BigInteger commitVoucher(BigInteger jobId, SignedVoucher voucher);

  Optional<Money> money(BigInteger channelId);

  /** Every channel's money. */
  List<Money> money();

  /** {@code amount} in all was paid out on chain for the channel (after a redeem or a close). */
  void redeemed(BigInteger channelId, BigInteger amount, boolean closed);

  /** Adds {@code publisher} to the deny list. */
  void deny(String publisher, String reason);

  Set<String> denied();

  @Override
  void close();
}
