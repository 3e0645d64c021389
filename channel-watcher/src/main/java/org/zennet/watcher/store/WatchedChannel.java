package org.zennet.watcher.store;

import java.math.BigInteger;
import org.zennet.contracts.channel.ChannelInfo;
import org.zennet.contracts.channel.SignedVoucher;

/**
 * A channel the watcher holds a voucher for, with what it last learnt of the channel on chain.
 *
 * @param channelId the channel
 * @param publisher its payer (the voucher's signer), 0x lower case
 * @param provider its payee (who delegated), 0x lower case
 * @param deposit what the channel holds in all, wei
 * @param paid what the provider has been paid so far, wei
 * @param closesAt unix seconds the challenge period ends; 0 while no close was started
 * @param state open, closing or closed
 * @param voucher the best voucher delegated (the highest cumulative amount)
 * @param delegatedAt when that voucher was committed, unix milliseconds
 */
public record WatchedChannel(BigInteger channelId, String publisher, String provider, BigInteger deposit,
    BigInteger paid, long closesAt, ChannelInfo.State state, SignedVoucher voucher, long delegatedAt) {

  /** The held voucher's cumulative amount. */
  public BigInteger held() {
    return voucher.voucher().cumulativeAmount();
  }

  /** What redeeming the held voucher would pay now: {@code min(held, deposit) - paid}, at least zero. */
  public BigInteger unredeemed() {
    return held().min(deposit).subtract(paid).max(BigInteger.ZERO);
  }

  /** This channel as the chain describes it in {@code info} (the voucher kept). */
  public WatchedChannel with(ChannelInfo info) {
    ChannelInfo.State s = info.state();
    if (s == ChannelInfo.State.NONE || s == ChannelInfo.State.CLOSED) {
      return new WatchedChannel(channelId, publisher, provider, deposit, paid, closesAt, ChannelInfo.State.CLOSED,
          voucher, delegatedAt);
    }
    return new WatchedChannel(channelId, info.publisher(), info.provider(), info.deposit(), info.paid(), info.closesAt(),
        s, voucher, delegatedAt);
  }
}
