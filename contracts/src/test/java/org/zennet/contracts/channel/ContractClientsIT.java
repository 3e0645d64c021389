package org.zennet.contracts.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.web3j.crypto.Credentials;
import org.zennet.contracts.Xen;
import org.zennet.contracts.ZennetContracts;
import org.zennet.contracts.chain.ChainConnection;
import org.zennet.contracts.deploy.Deployer;
import org.zennet.contracts.deploy.Deployment;
import org.zennet.contracts.deploy.GenesisDistribution;
import org.zennet.contracts.devchain.DevChain;
import org.zennet.contracts.generated.errors.JobMarketNotPublisherException;
import org.zennet.contracts.generated.errors.PaymentChannelsNothingToRedeemException;
import org.zennet.contracts.market.JobEvent;
import org.zennet.contracts.market.JobMarketClient;
import org.zennet.contracts.testkit.AnvilExtension;

/** The typed clients the agents use, against the deployed contracts: every call, its events, a typed revert. */
@ExtendWith(AnvilExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ContractClientsIT {
  private DevChain dev;
  private Deployment deployment;
  private ZennetContracts publisher;
  private ZennetContracts provider;

  @BeforeAll
  void deploy(DevChain chain) throws Exception {
    dev = chain;
    Credentials treasury = dev.devKeys().get(0);
    try (ChainConnection connection = ChainConnection.connect(dev.httpUrl(), dev.chainId())) {
      List<String> holders = dev.devKeys().subList(1, 5).stream().map(Credentials::getAddress).toList();
      deployment = new Deployer(connection, treasury).deploy(GenesisDistribution.dev(treasury.getAddress(), holders),
          Deployer.DEV_CHALLENGE_PERIOD, dev.httpUrl(), dev.wsUrl());
    }
  }

  // A sender tracks its nonce locally, and the extension reverts the chain after each test: fresh ones per test.
  @BeforeEach
  void connect() throws Exception {
    publisher = ZennetContracts.connect(deployment, dev.devKeys().get(1));
    provider = ZennetContracts.connect(deployment, dev.devKeys().get(2));
  }

  @AfterEach
  void close() {
    publisher.close();
    provider.close();
  }

  private static byte[] hash(int fill) {
    byte[] h = new byte[32];
    java.util.Arrays.fill(h, (byte) fill);
    return h;
  }

  private long latestTimestamp() throws Exception {
    return publisher.chain().web3j()
        .ethGetBlockByNumber(org.web3j.protocol.core.DefaultBlockParameterName.LATEST, false).send()
        .getBlock().getTimestamp().longValueExact();
  }

  private static <T> T await(CompletableFuture<T> future) throws Exception {
    return future.get(30, TimeUnit.SECONDS);
  }

  @Test
  void aChannelLivesThroughTheClients() throws Exception {
    BigInteger deposit = Xen.of(100);
    await(publisher.xen().approve(publisher.channels().address(), deposit));
    await(publisher.channels().deposit(deposit));
    assertThat(await(publisher.channels().escrowOf(publisher.account()))).isEqualTo(deposit);

    JobMarketClient.Posted posted = await(publisher.market().postJob(hash(7), BigInteger.TEN, deposit,
        latestTimestamp() + 3600, "/ip4/127.0.0.1/tcp/1"));
    assertThat(posted.job().publisher()).isEqualTo(publisher.account());
    assertThat(posted.job().endpoint()).isEqualTo("/ip4/127.0.0.1/tcp/1");

    PaymentChannelsClient.Opened opened = await(publisher.channels().openChannels(posted.jobId(),
        List.of(provider.account(), dev.devKeys().get(3).getAddress()), List.of(Xen.of(10), Xen.of(20))));
    assertThat(opened.channels()).hasSize(2);
    ChannelEvent.Opened first = opened.channels().get(0);
    assertThat(first.provider()).isEqualTo(provider.account());
    assertThat(first.jobId()).isEqualTo(posted.jobId());
    assertThat(first.amount()).isEqualTo(Xen.of(10));

    ChannelInfo info = await(provider.channels().channelInfo(first.channelId()));
    assertThat(info.state()).isEqualTo(ChannelInfo.State.OPEN);
    assertThat(info.publisher()).isEqualTo(publisher.account());
    assertThat(info.deposit()).isEqualTo(Xen.of(10));

    SignedVoucher three = publisher.vouchers().sign(new Voucher(first.channelId(), Xen.of(3)), dev.devKeys().get(1));
    var redeemed = await(provider.channels().redeem(three));
    assertThat(redeemed.getLogs().stream().flatMap(l -> ChannelEvent.decode(l).stream()).toList())
        .containsExactly(new ChannelEvent.Redeemed(first.channelId(), provider.account(), Xen.of(3), Xen.of(3)));
    assertThatThrownBy(() -> await(provider.channels().redeem(three)))
        .isInstanceOf(ExecutionException.class).cause().isInstanceOf(PaymentChannelsNothingToRedeemException.class);

    SignedVoucher five = publisher.vouchers().sign(new Voucher(first.channelId(), Xen.of(5)), dev.devKeys().get(1));
    var closed = await(provider.channels().closeByProvider(five));
    assertThat(closed.getLogs().stream().flatMap(l -> ChannelEvent.decode(l).stream())
        .filter(ChannelEvent.Closed.class::isInstance).toList())
        .containsExactly(new ChannelEvent.Closed(first.channelId(), Xen.of(5), Xen.of(5)));
    assertThat(await(provider.channels().channelInfo(first.channelId())).state()).isEqualTo(ChannelInfo.State.CLOSED);

    BigInteger second = opened.channels().get(1).channelId();
    var closing = await(publisher.channels().startClose(second));
    ChannelEvent.CloseStarted started = (ChannelEvent.CloseStarted) closing.getLogs().stream()
        .flatMap(l -> ChannelEvent.decode(l).stream()).findFirst().orElseThrow();
    Duration period = await(publisher.channels().challengePeriod());
    assertThat(started.closesAt()).isEqualTo(latestTimestamp() + period.toSeconds());
    ChannelInfo closingInfo = await(publisher.channels().channelInfo(second));
    assertThat(closingInfo.state()).isEqualTo(ChannelInfo.State.CLOSING);
    assertThat(closingInfo.redeemableAt(started.closesAt() - 1)).isTrue();
    assertThat(closingInfo.redeemableAt(started.closesAt())).isFalse();
    dev.advanceTime(period.toSeconds());
    await(provider.channels().settle(second));
    // 100 deposited; 10 + 20 locked; 5 paid on the first, the rest of both back to free escrow
    assertThat(await(publisher.channels().escrowOf(publisher.account()))).isEqualTo(Xen.of(95));
    assertThat(await(publisher.xen().balanceOf(provider.account())))
        .isEqualTo(GenesisDistribution.DEV_ACCOUNT_AMOUNT.add(Xen.of(5)));

    await(publisher.market().closeJob(posted.jobId()));
    assertThat(await(provider.market().jobInfo(posted.jobId())))
        .isEqualTo(new JobMarketClient.JobInfo(publisher.account(), true));
  }

  @Test
  void redeemManyPaysSeveralChannelsAndDecodesRevertsOfTheMarket() throws Exception {
    await(publisher.xen().approve(publisher.channels().address(), Xen.of(10)));
    await(publisher.channels().deposit(Xen.of(10)));
    var opened = await(publisher.channels().openChannels(BigInteger.ONE, List.of(provider.account(),
        provider.account()), List.of(Xen.of(2), Xen.of(3))));
    List<SignedVoucher> vouchers = opened.channels().stream()
        .map(c -> publisher.vouchers().sign(new Voucher(c.channelId(), c.amount()), dev.devKeys().get(1))).toList();
    org.web3j.protocol.core.methods.response.TransactionReceipt receipt;
    try (ZennetContracts stranger = ZennetContracts.connect(deployment, dev.devKeys().get(4))) {
      receipt = await(stranger.channels().redeemMany(vouchers));
    }
    assertThat(receipt.getLogs().stream().flatMap(l -> ChannelEvent.decode(l).stream())
        .filter(ChannelEvent.Redeemed.class::isInstance).count()).isEqualTo(2);

    var posted = await(publisher.market().postJob(hash(9), BigInteger.ONE, BigInteger.ONE,
        latestTimestamp() + 60, "/dns4/example.org/tcp/7400"));
    assertThat(JobEvent.decode(posted.receipt().getLogs().get(0))).get().isInstanceOf(JobEvent.Posted.class);
    assertThatThrownBy(() -> await(provider.market().closeJob(posted.jobId())))
        .cause().isInstanceOf(JobMarketNotPublisherException.class);
  }
}
