package org.zennet.provider.chain;

import static org.zennet.contracts.chain.ChainRetry.retrying;

import java.io.IOException;
import java.math.BigInteger;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.zennet.contracts.ZennetContracts;
import org.zennet.contracts.chain.Cursor;
import org.zennet.contracts.chain.EventFollower;
import org.zennet.contracts.chain.LogFilter;
import org.zennet.contracts.channel.ChannelEvent;
import org.zennet.contracts.channel.ChannelInfo;
import org.zennet.contracts.channel.SignedVoucher;
import org.zennet.contracts.channel.Vouchers;
import org.zennet.contracts.deploy.Deployment;
import org.zennet.contracts.market.JobEvent;

/** {@link ProviderChain} on the deployment's contracts through {@link ZennetContracts}. */
public final class ContractsProviderChain implements ProviderChain {
  private final ZennetContracts contracts;

  private ContractsProviderChain(ZennetContracts contracts) {
    this.contracts = contracts;
  }

  /** Connects to {@code deployment}'s chain as {@code key}. */
  public static ContractsProviderChain connect(Deployment deployment, Credentials key) throws IOException {
    return new ContractsProviderChain(ZennetContracts.connect(deployment, key));
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
  public String jobMarket() {
    return contracts.market().address().toLowerCase(Locale.ROOT);
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
  public Cursor origin() {
    return Cursor.startOfBlock(contracts.deployment().deploymentBlock());
  }

  @Override
  public AutoCloseable follow(Cursor after, JobEvents handler) {
    LogFilter filter = new LogFilter(List.of(contracts.market().address()),
        List.of(List.of(JobEvent.JOB_POSTED, JobEvent.JOB_CLOSED)));
    return EventFollower.start(contracts.chain(), filter, after, (log, cursor) -> {
      var event = JobEvent.decode(log);
      if (event.isPresent()) {
        handler.onEvent(event.get(), cursor);
      }
    });
  }

  @Override
  public CompletableFuture<Boolean> jobClosed(BigInteger jobId) {
    return retrying("reading job " + jobId, () -> contracts.market().jobInfo(jobId)).thenApply(i -> i.closed());
  }

  @Override
  public CompletableFuture<ChannelInfo> channelInfo(BigInteger channelId) {
    return retrying("reading channel " + channelId, () -> contracts.channels().channelInfo(channelId));
  }

  @Override
  public CompletableFuture<BigInteger> redeem(SignedVoucher voucher) {
    return retrying("redeem", () -> contracts.channels().redeem(voucher))
        .thenCompose(r -> paidAfter(voucher.voucher().channelId(), r));
  }

  @Override
  public CompletableFuture<BigInteger> closeByProvider(SignedVoucher voucher) {
    return retrying("closeByProvider", () -> contracts.channels().closeByProvider(voucher))
        .thenApply(r -> r.getLogs().stream().flatMap(l -> ChannelEvent.decode(l).stream())
            .filter(ChannelEvent.Closed.class::isInstance).map(e -> ((ChannelEvent.Closed) e).paidTotal())
            .findFirst().orElseThrow(() -> new IllegalStateException("closeByProvider mined without ChannelClosed")));
  }

  private CompletableFuture<BigInteger> paidAfter(BigInteger channelId, TransactionReceipt receipt) {
    return channelInfo(channelId).thenApply(ChannelInfo::paid);
  }

  @Override
  public CompletableFuture<Long> chainTime() {
    return retrying("reading the latest block", () -> contracts.chain().web3j()
        .ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false).sendAsync()
        .thenApply(b -> b.getBlock().getTimestamp().longValueExact()));
  }

  @Override
  public void close() {
    contracts.close();
  }
}
