package org.zennet.publisher.chain;

import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.zennet.contracts.channel.ChannelEvent;
import org.zennet.contracts.channel.ChannelInfo;
import org.zennet.contracts.channel.SignedVoucher;
import org.zennet.contracts.channel.Voucher;

/**
 * What the publisher does on chain, as its account: escrow, the job's post and close, channels, vouchers.
 * The port its logic talks to; {@link ContractsPublisherChain} is the adapter on our contract clients.
 * Transactions complete with what they cost; they ride out a briefly unreachable node.
 */
public interface PublisherChain extends AutoCloseable {

  /** A mined transaction: its hash and the gas it used. */
  record Tx(String hash, long gasUsed) {}

  /** A posted job. */
  record PostedJob(BigInteger jobId, Tx tx) {}

  /** Channels opened by one transaction, in the order of the providers given. */
  record OpenedChannels(List<ChannelEvent.Opened> channels, Tx tx) {}

  /** A started close: when it can be settled. */
  record Closing(long closesAt, Tx tx) {}

  /** The publisher's account, 0x-hex lower case. */
  String account();

  long chainId();

  /** The JobMarket contract, 0x-hex lower case. */
  String jobMarket();

  /** The PaymentChannels contract, 0x-hex lower case. */
  String paymentChannels();

  /** The voucher for {@code voucher}, signed with the publisher's key (EIP-712, pure Java). */
  SignedVoucher sign(Voucher voucher);

  /** The account's XEN, in wei. */
  CompletableFuture<BigInteger> balance();

  /** The account's free escrow, in wei. */
  CompletableFuture<BigInteger> escrow();

  /** Approves PaymentChannels for {@code amount} and deposits it into the account's free escrow. */
  CompletableFuture<List<Tx>> deposit(BigInteger amount);

  CompletableFuture<PostedJob> postJob(byte[] manifestHash, BigInteger maxPricePerMegaFuel, BigInteger budget,
      long acceptBefore, String endpoint);

  CompletableFuture<Tx> closeJob(BigInteger jobId);

  CompletableFuture<OpenedChannels> openChannels(BigInteger jobId, List<String> providers, List<BigInteger> deposits);

  CompletableFuture<Tx> topUp(BigInteger channelId, BigInteger amount);

  CompletableFuture<Closing> startClose(BigInteger channelId);

  CompletableFuture<Tx> settle(BigInteger channelId);

  CompletableFuture<Tx> withdraw(BigInteger amount);

  CompletableFuture<ChannelInfo> channelInfo(BigInteger channelId);

  /** The latest block's timestamp, unix seconds: the time the contracts judge by. */
  CompletableFuture<Long> chainTime();

  CompletableFuture<Duration> challengePeriod();

  /** The most channels one openChannels transaction opens. */
  int maxChannelsPerBatch();

  @Override
  void close();
}
