package org.zennet.watcher.chain;

import java.io.IOException;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.zennet.contracts.ZennetContracts;
import org.zennet.contracts.channel.ChannelEvent;
import org.zennet.contracts.channel.ChannelInfo;
import org.zennet.contracts.channel.SignedVoucher;
import org.zennet.contracts.channel.Vouchers;
import org.zennet.contracts.chain.Cursor;
import org.zennet.contracts.chain.EventFollower;
import org.zennet.contracts.chain.EventFollowerConfig;
import org.zennet.contracts.chain.LogFilter;
import org.zennet.contracts.chain.LogHandler;
import org.zennet.contracts.chain.NewBlockFeedConfig;
import org.zennet.contracts.deploy.Deployment;

/**
 * {@link WatcherChain} on a deployment's PaymentChannels through {@link ZennetContracts}: views and
 * {@code redeemMany} over its pipelining sender (short-interval receipts), events through an
 * {@link EventFollower} (WebSocket when the deployment has one, else {@code eth_getLogs} polling).
 */
public final class ContractsWatcherChain implements WatcherChain {
  private final ZennetContracts contracts;
  private final EventFollowerConfig followerConfig;

  private ContractsWatcherChain(ZennetContracts contracts, EventFollowerConfig followerConfig) {
    this.contracts = contracts;
    this.followerConfig = followerConfig;
  }

  /**
   * Connects to {@code deployment}'s chain as {@code key}; the event follower reconnects after {@code backoff},
   * doubling up to {@code backoffMax}.
   */
  public static ContractsWatcherChain connect(Deployment deployment, Credentials key, Duration backoff,
      Duration backoffMax) throws IOException {
    return new ContractsWatcherChain(ZennetContracts.connect(deployment, key),
        new EventFollowerConfig(EventFollowerConfig.DEFAULT_MAX_BLOCK_RANGE, new NewBlockFeedConfig(
            NewBlockFeedConfig.DEFAULT_POLL_INTERVAL, backoff, backoffMax)));
  }

  @Override
  public String account() {
    return contracts.account().toLowerCase(Locale.ROOT);
  }

  @Override
  public long chainId() {
    return contracts.deployment().chainId();
  }

  @Override
  public String paymentChannels() {
    return contracts.channels().address().toLowerCase(Locale.ROOT);
  }

  @Override
  public Vouchers vouchers() {
    return contracts.vouchers();
  }

  @Override
  public CompletableFuture<ChannelInfo> channelInfo(BigInteger channelId) {
    return contracts.channels().channelInfo(channelId);
  }

  @Override
  public CompletableFuture<String> redeemMany(List<SignedVoucher> vouchers) {
    return contracts.channels().redeemMany(vouchers).thenApply(r -> r.getTransactionHash());
  }

  @Override
  public CompletableFuture<Head> head() {
    return contracts.chain().web3j().ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false).sendAsync()
        .thenApply(b -> new Head(b.getBlock().getNumber().longValueExact(), b.getBlock().getTimestamp().longValueExact()));
  }

  @Override
  public EventFollower follow(Cursor after, LogHandler handler) {
    LogFilter filter = LogFilter.of(contracts.channels().address(), ChannelEvent.TOPPED_UP, ChannelEvent.REDEEMED,
        ChannelEvent.CLOSE_STARTED, ChannelEvent.CHANNEL_CLOSED);
    return EventFollower.start(contracts.chain(), filter, after, handler, followerConfig);
  }

  @Override
  public void close() {
    contracts.close();
  }
}
