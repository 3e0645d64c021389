package org.zennet.publisher.chain;

import static org.zennet.contracts.chain.ChainRetry.retrying;

import java.io.IOException;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.zennet.contracts.ZennetContracts;
import org.zennet.contracts.channel.ChannelEvent;
import org.zennet.contracts.channel.ChannelInfo;
import org.zennet.contracts.channel.SignedVoucher;
import org.zennet.contracts.channel.Voucher;
import org.zennet.contracts.deploy.Deployment;

/** {@link PublisherChain} on the deployment's contracts through {@link ZennetContracts}. */
public final class ContractsPublisherChain implements PublisherChain {
  /** openChannels batches: the contract takes 1,000, but a block should hold one with room to spare. */
  public static final int BATCH_LIMIT = 400;

  private final ZennetContracts contracts;
  private final Credentials key;

  private ContractsPublisherChain(ZennetContracts contracts, Credentials key) {
    this.contracts = contracts;
    this.key = key;
  }

  /** Connects to {@code deployment}'s chain as {@code key}. */
  public static ContractsPublisherChain connect(Deployment deployment, Credentials key) throws IOException {
    return new ContractsPublisherChain(ZennetContracts.connect(deployment, key), key);
  }

  private static Tx tx(TransactionReceipt r) {
    return new Tx(r.getTransactionHash(), r.getGasUsed().longValueExact());
  }

  private static <T> CompletableFuture<T> retry(String what, Supplier<CompletableFuture<T>> action) {
    return retrying(what, action);
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
  public SignedVoucher sign(Voucher voucher) {
    return contracts.vouchers().sign(voucher, key);
  }

  @Override
  public CompletableFuture<BigInteger> balance() {
    return retry("reading the XEN balance", () -> contracts.xen().balanceOf(account()));
  }

  @Override
  public CompletableFuture<BigInteger> escrow() {
    return retry("reading the escrow", () -> contracts.channels().escrowOf(account()));
  }

  @Override
  public CompletableFuture<List<Tx>> deposit(BigInteger amount) {
    return retry("approve", () -> contracts.xen().approve(contracts.channels().address(), amount))
        .thenCompose(approve -> retry("deposit", () -> contracts.channels().deposit(amount))
            .thenApply(deposit -> List.of(tx(approve), tx(deposit))));
  }

  @Override
  public CompletableFuture<PostedJob> postJob(byte[] manifestHash, BigInteger maxPricePerMegaFuel, BigInteger budget,
      long acceptBefore, String endpoint) {
    return retry("postJob", () -> contracts.market().postJob(manifestHash, maxPricePerMegaFuel, budget, acceptBefore,
        endpoint)).thenApply(p -> new PostedJob(p.jobId(), tx(p.receipt())));
  }

  @Override
  public CompletableFuture<Tx> closeJob(BigInteger jobId) {
    return retry("closeJob", () -> contracts.market().closeJob(jobId)).thenApply(ContractsPublisherChain::tx);
  }

  @Override
  public CompletableFuture<OpenedChannels> openChannels(BigInteger jobId, List<String> providers,
      List<BigInteger> deposits) {
    return retry("openChannels", () -> contracts.channels().openChannels(jobId, providers, deposits))
        .thenApply(o -> new OpenedChannels(o.channels(), tx(o.receipt())));
  }

  @Override
  public CompletableFuture<Tx> topUp(BigInteger channelId, BigInteger amount) {
    return retry("topUp", () -> contracts.channels().topUp(channelId, amount)).thenApply(ContractsPublisherChain::tx);
  }

  @Override
  public CompletableFuture<Closing> startClose(BigInteger channelId) {
    return retry("startClose", () -> contracts.channels().startClose(channelId)).thenApply(r -> new Closing(
        r.getLogs().stream().flatMap(l -> ChannelEvent.decode(l).stream())
            .filter(ChannelEvent.CloseStarted.class::isInstance).map(e -> ((ChannelEvent.CloseStarted) e).closesAt())
            .findFirst().orElseThrow(() -> new IllegalStateException("startClose mined without CloseStarted")),
        tx(r)));
  }

  @Override
  public CompletableFuture<Tx> settle(BigInteger channelId) {
    return retry("settle", () -> contracts.channels().settle(channelId)).thenApply(ContractsPublisherChain::tx);
  }

  @Override
  public CompletableFuture<Tx> withdraw(BigInteger amount) {
    return retry("withdraw", () -> contracts.channels().withdraw(amount)).thenApply(ContractsPublisherChain::tx);
  }

  @Override
  public CompletableFuture<ChannelInfo> channelInfo(BigInteger channelId) {
    return retry("reading channel " + channelId, () -> contracts.channels().channelInfo(channelId));
  }

  @Override
  public CompletableFuture<Long> chainTime() {
    return retry("reading the latest block", () -> contracts.chain().web3j()
        .ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false).sendAsync()
        .thenApply(b -> b.getBlock().getTimestamp().longValueExact()));
  }

  @Override
  public CompletableFuture<Duration> challengePeriod() {
    return retry("reading the challenge period", () -> contracts.channels().challengePeriod());
  }

  @Override
  public int maxChannelsPerBatch() {
    return BATCH_LIMIT;
  }

  @Override
  public void close() {
    contracts.close();
  }
}
