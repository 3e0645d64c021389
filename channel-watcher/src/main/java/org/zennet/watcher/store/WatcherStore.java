package org.zennet.watcher.store;

import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.zennet.contracts.channel.ChannelEvent;
import org.zennet.contracts.chain.Cursor;

/**
 * The watcher's durable state: the best voucher per channel, what it knows of each channel, the event cursor
 * and the redeem transactions. A write's future completes only once it is on disk.
 */
public interface WatcherStore extends AutoCloseable {

  /**
   * Keeps {@code channel}'s voucher if it is higher than the one held (or none is), with its channel facts.
   *
   * @return the cumulative amount held once committed (the given one, or a higher one already held)
   */
  CompletableFuture<BigInteger> hold(WatchedChannel channel);

  /**
   * Applies a channel event to the channel it names, if held, and moves the cursor to {@code cursor}, in one
   * transaction.
   */
  CompletableFuture<Void> apply(ChannelEvent event, Cursor cursor);

  /** Moves the cursor (no event of a held channel up to it). */
  CompletableFuture<Void> advance(Cursor cursor);

  /** Records a channel's facts read from the chain (the voucher kept). */
  CompletableFuture<Void> refresh(WatchedChannel channel);

  /** Records a mined {@code redeemMany}. */
  CompletableFuture<Void> recordRedeem(String txHash, List<BigInteger> channels, BigInteger total, long at);

  /** The channel, if a voucher is held for it. */
  Optional<WatchedChannel> channel(BigInteger channelId);

  /** Held channels in a close, or open ones, whose voucher would still pay something. */
  List<WatchedChannel> unredeemed();

  /** Where the event follower resumes; empty before the first start. */
  Optional<Cursor> cursor();

  /** How many channels are held, by state. */
  Counts counts();

  /** The redeem transactions, oldest first. */
  List<Redeem> redeems();

  /** Channel counts. */
  record Counts(long held, long open, long closing, long closed) {}

  /** One mined {@code redeemMany}. */
  record Redeem(String txHash, int channels, BigInteger total, long at) {}

  @Override
  void close();
}
