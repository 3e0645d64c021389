package org.zennet.contracts.channel;

import java.math.BigInteger;
import java.util.Locale;
import java.util.Optional;
import org.web3j.abi.EventEncoder;
import org.web3j.protocol.core.methods.response.Log;
import org.zennet.contracts.generated.PaymentChannels;

/**
 * The events of {@code PaymentChannels} that agents follow, decoded from logs. Addresses are 0x-hex
 * lower case; amounts are wei.
 */
public sealed interface ChannelEvent {
  /** Topic 0 of {@code ChannelOpened}. */
  String CHANNEL_OPENED = EventEncoder.encode(PaymentChannels.CHANNELOPENED_EVENT);
  /** Topic 0 of {@code ToppedUp}. */
  String TOPPED_UP = EventEncoder.encode(PaymentChannels.TOPPEDUP_EVENT);
  /** Topic 0 of {@code Redeemed}. */
  String REDEEMED = EventEncoder.encode(PaymentChannels.REDEEMED_EVENT);
  /** Topic 0 of {@code CloseStarted}. */
  String CLOSE_STARTED = EventEncoder.encode(PaymentChannels.CLOSESTARTED_EVENT);
  /** Topic 0 of {@code ChannelClosed}. */
  String CHANNEL_CLOSED = EventEncoder.encode(PaymentChannels.CHANNELCLOSED_EVENT);

  /** The channel the event is about. */
  BigInteger channelId();

  /** Channel {@code channelId} from {@code publisher} to {@code provider} opened for {@code jobId} with {@code amount}. */
  record Opened(BigInteger channelId, String publisher, String provider, BigInteger jobId, BigInteger amount)
      implements ChannelEvent {}

  /** {@code amount} was added; the deposit is now {@code deposit}. */
  record ToppedUp(BigInteger channelId, BigInteger amount, BigInteger deposit) implements ChannelEvent {}

  /** A voucher for {@code cumulativeAmount} paid the provider {@code paid} more. */
  record Redeemed(BigInteger channelId, String provider, BigInteger cumulativeAmount, BigInteger paid)
      implements ChannelEvent {}

  /** The publisher started closing; vouchers are redeemable while the block time is below {@code closesAt}. */
  record CloseStarted(BigInteger channelId, long closesAt) implements ChannelEvent {}

  /** Closed for good: {@code paidTotal} went to the provider over the channel's life, {@code returned} back to escrow. */
  record Closed(BigInteger channelId, BigInteger paidTotal, BigInteger returned) implements ChannelEvent {}

  /** The channel event in {@code log}, or empty when the log is another event (or not decodable). */
  static Optional<ChannelEvent> decode(Log log) {
    if (log.getTopics() == null || log.getTopics().isEmpty()) {
      return Optional.empty();
    }
    String topic = log.getTopics().get(0);
    try {
      if (CHANNEL_OPENED.equals(topic)) {
        var e = PaymentChannels.getChannelOpenedEventFromLog(log);
        return Optional.of(new Opened(e.channelId, lower(e.publisher), lower(e.provider), e.jobId, e.amount));
      } else if (TOPPED_UP.equals(topic)) {
        var e = PaymentChannels.getToppedUpEventFromLog(log);
        return Optional.of(new ToppedUp(e.channelId, e.amount, e.deposit));
      } else if (REDEEMED.equals(topic)) {
        var e = PaymentChannels.getRedeemedEventFromLog(log);
        return Optional.of(new Redeemed(e.channelId, lower(e.provider), e.cumulativeAmount, e.paid));
      } else if (CLOSE_STARTED.equals(topic)) {
        var e = PaymentChannels.getCloseStartedEventFromLog(log);
        return Optional.of(new CloseStarted(e.channelId, e.closesAt.longValueExact()));
      } else if (CHANNEL_CLOSED.equals(topic)) {
        var e = PaymentChannels.getChannelClosedEventFromLog(log);
        return Optional.of(new Closed(e.channelId, e.paidTotal, e.returned));
      }
    } catch (RuntimeException malformed) {
      // a log with our topic but not our layout: not from our contract
      return Optional.empty();
    }
    return Optional.empty();
  }

  private static String lower(String address) {
    return address.toLowerCase(Locale.ROOT);
  }
}
