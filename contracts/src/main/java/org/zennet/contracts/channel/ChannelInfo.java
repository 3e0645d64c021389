package org.zennet.contracts.channel;

import java.math.BigInteger;

/**
 * What {@code PaymentChannels.channelInfo} says of one channel, with its state derived as the contract
 * derives it: an id never handed out reads as all zeros; a closed channel keeps only its publisher.
 *
 * @param channelId the channel
 * @param publisher the payer, 0x-hex lower case ({@link #ZERO_ADDRESS} for an unknown id)
 * @param provider the payee ({@link #ZERO_ADDRESS} once closed)
 * @param deposit everything locked in the channel so far, in wei
 * @param paid what the provider has received so far, in wei
 * @param closesAt unix seconds at which the challenge period ends; 0 when no close was started
 */
public record ChannelInfo(BigInteger channelId, String publisher, String provider, BigInteger deposit,
    BigInteger paid, long closesAt) {
  public static final String ZERO_ADDRESS = "0x0000000000000000000000000000000000000000";

  /** Where a channel is in its life (the contract's {@code ChannelState}). */
  public enum State { NONE, OPEN, CLOSING, CLOSED }

  public ChannelInfo {
    publisher = publisher.toLowerCase(java.util.Locale.ROOT);
    provider = provider.toLowerCase(java.util.Locale.ROOT);
  }

  /** The channel's state. */
  public State state() {
    if (ZERO_ADDRESS.equals(publisher)) {
      return State.NONE;
    }
    if (ZERO_ADDRESS.equals(provider)) {
      return State.CLOSED;
    }
    return closesAt > 0 ? State.CLOSING : State.OPEN;
  }

  /** Whether vouchers can still be redeemed at unix time {@code now} (open, or closing before {@code closesAt}). */
  public boolean redeemableAt(long now) {
    State s = state();
    return s == State.OPEN || (s == State.CLOSING && now < closesAt);
  }

  /** What a voucher for {@code cumulativeAmount} would pay now: {@code min(cumulativeAmount, deposit) - paid}, at least 0. */
  public BigInteger payableFor(BigInteger cumulativeAmount) {
    return cumulativeAmount.min(deposit).subtract(paid).max(BigInteger.ZERO);
  }
}
