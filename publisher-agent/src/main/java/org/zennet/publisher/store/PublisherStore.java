package org.zennet.publisher.store;

import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import org.zennet.publisher.schedule.TaskOutcome;

/**
 * What a publisher must not forget across a crash: its jobs, the agreements and channels of each, the
 * cumulative amount signed per channel (committed before a voucher leaves, so a restart never signs less
 * or pays twice), the tasks settled, the chain transactions it sent, and its providers' reputation.
 * Calls block on the disk: never call them on an event loop.
 */
public interface PublisherStore extends AutoCloseable {

  /** Where a job is in its life. */
  enum JobState { POSTED, RUNNING, CLOSING, DONE, FAILED }

  /**
   * A job.
   *
   * @param id the local id
   * @param chainJobId the JobMarket id
   * @param manifest the manifest document as posted
   * @param specFile the job file it came from, for people
   * @param listen the multiaddr the publisher listens on for it (re-listened on after a restart)
   * @param sampled the tasks replicated for verification, as {@link java.util.BitSet#toByteArray()}
   * @param output the results folder
   * @param createdAt unix seconds
   * @param acceptBefore unix seconds (chain time) from which the job takes no providers
   */
  record Job(long id, BigInteger chainJobId, byte[] manifest, String specFile, String listen, byte[] sampled,
      String output, JobState state, long createdAt, long acceptBefore) {}

  /**
   * A signed agreement and, once opened, its channel, with what was paid on it.
   *
   * @param peer the provider's libp2p PeerId, to find its connection again
   * @param terms the serialized AgreementTerms, both signatures over these bytes
   * @param channelId the channel, once opened
   * @param fuel the fuel of every result paid for on the channel
   * @param signed the cumulative amount signed for the channel, in wei
   * @param tasks results paid for
   * @param cut whether the provider was cut off (caught cheating, or gone for good)
   * @param closed whether the channel is closed on chain (by the provider, or settled)
   * @param closesAt unix seconds when the publisher's close can be settled; 0 when not closing
   */
  record Channel(long job, String provider, String peer, byte[] terms, byte[] publisherSignature, byte[] providerSignature,
      BigInteger price, int slots, BigInteger deposit, BigInteger channelId, long fuel, BigInteger signed,
      long tasks, boolean cut, boolean closed, long closesAt) {
    /** This channel with one more payment. */
    public Channel paid(long newFuel, BigInteger newSigned, long newTasks) {
      return new Channel(job, provider, peer, terms, publisherSignature, providerSignature, price, slots, deposit,
          channelId, newFuel, newSigned, newTasks, cut, closed, closesAt);
    }
  }

  /** A settled task. */
  record Settled(int task, TaskOutcome outcome, boolean unverified) {}

  /** A transaction the publisher sent: what it was, its hash and gas. */
  record ChainTx(long job, String kind, String hash, long gasUsed) {}

  /** A provider's record with this publisher. */
  record Reputation(String provider, long goodResults, long badResults, boolean banned) {}

  /** One payment to commit: the channel's new running totals. */
  record Payment(BigInteger channelId, long fuel, BigInteger signed, long tasks) {}

  long addJob(Job job);

  void setJobState(long job, JobState state);

  Optional<Job> job(long id);

  /** The newest job with {@code manifestSha256} that is not done. */
  Optional<Job> unfinishedJob(String manifestSha256);

  List<Job> jobs();

  /** Records a signed agreement (no channel yet). */
  void addAgreement(Channel agreement);

  /** Records the channel opened for the agreement of {@code provider} in {@code job}. */
  void channelOpened(long job, String provider, BigInteger channelId, BigInteger deposit);

  /** Commits payments; returns only once they are durable. */
  void commitPayments(List<Payment> payments);

  void topUp(BigInteger channelId, BigInteger newDeposit);

  void cut(BigInteger channelId);

  void closing(BigInteger channelId, long closesAt);

  void closed(BigInteger channelId);

  List<Channel> channels(long job);

  void settle(long job, Settled task);

  List<Settled> settled(long job);

  void addTransaction(ChainTx tx);

  List<ChainTx> transactions(long job);

  /** Adds good and bad results to a provider's record, and bans it when {@code ban}. */
  void recordReputation(String provider, long good, long bad, boolean ban);

  Optional<Reputation> reputation(String provider);

  @Override
  void close();
}
