package org.zennet.watcher.chain;

import java.math.BigInteger;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.zennet.contracts.channel.ChannelInfo;
import org.zennet.contracts.channel.SignedVoucher;
import org.zennet.contracts.channel.Vouchers;
import org.zennet.contracts.chain.Cursor;
import org.zennet.contracts.chain.EventFollower;
import org.zennet.contracts.chain.LogHandler;

/** What the watcher needs of the chain: channel facts, {@code redeemMany}, the head, the channel events. */
public interface WatcherChain extends AutoCloseable {

  /** The account that pays the gas, 0x lower case. */
  String account();

  long chainId();

  /** The PaymentChannels contract, 0x lower case. */
  String paymentChannels();

  /** Voucher checking for this chain and contract. */
  Vouchers vouchers();

  /** What the contract holds of channel {@code channelId}. */
  CompletableFuture<ChannelInfo> channelInfo(BigInteger channelId);

  /** Redeems {@code vouchers} in one transaction; completes with its hash once mined. */
  CompletableFuture<String> redeemMany(List<SignedVoucher> vouchers);

  /** The latest block: number and timestamp. */
  CompletableFuture<Head> head();

  /** Follows the PaymentChannels events after {@code after}. */
  EventFollower follow(Cursor after, LogHandler handler);

  /** A block number and its timestamp, unix seconds. */
  record Head(long number, long timestamp) {}

  @Override
  void close();
}
