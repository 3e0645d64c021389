package org.zennet.provider.chain;

import java.math.BigInteger;
import java.util.concurrent.CompletableFuture;
import org.zennet.contracts.chain.Cursor;
import org.zennet.contracts.channel.ChannelInfo;
import org.zennet.contracts.channel.SignedVoucher;
import org.zennet.contracts.channel.Vouchers;
import org.zennet.contracts.market.JobEvent;

/**
 * What the provider does on chain, as its account: follow the job market, read and cash its channels. The
 * port its logic talks to; {@link ContractsProviderChain} is the adapter on our contract clients. Calls ride
 * out a briefly unreachable node.
 */
public interface ProviderChain extends AutoCloseable {

  /** Receives job events in chain order; persist {@code cursor} with their effects. */
  @FunctionalInterface
  interface JobEvents {
    void onEvent(JobEvent event, Cursor cursor) throws Exception;
  }

  /** The provider's account, 0x-hex lower case. */
  String account();

  long chainId();

  /** The JobMarket contract, 0x-hex lower case. */
  String jobMarket();

  /** The PaymentChannels contract, 0x-hex lower case. */
  String paymentChannels();

  /** Voucher checks for this deployment's PaymentChannels. */
  Vouchers vouchers();

  /** Where to start following when nothing was followed yet: the deployment's block. */
  Cursor origin();

  /** Follows {@code JobPosted} and {@code JobClosed} after {@code after}; close the result to stop. */
  AutoCloseable follow(Cursor after, JobEvents handler);

  /** Whether job {@code jobId} is closed on chain. */
  CompletableFuture<Boolean> jobClosed(BigInteger jobId);

  CompletableFuture<ChannelInfo> channelInfo(BigInteger channelId);

  /** Redeems {@code voucher}; completes with what the channel has paid the provider in all. */
  CompletableFuture<BigInteger> redeem(SignedVoucher voucher);

  /** Closes the channel with {@code voucher}; completes with what it paid the provider in all. */
  CompletableFuture<BigInteger> closeByProvider(SignedVoucher voucher);

  /** The latest block's timestamp, unix seconds. */
  CompletableFuture<Long> chainTime();

  @Override
  void close();
}
