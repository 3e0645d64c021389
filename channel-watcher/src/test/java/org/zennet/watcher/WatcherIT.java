package org.zennet.watcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.zennet.watcher.WatcherFixture.XEN;
import static org.zennet.watcher.WatcherFixture.await;
import static org.zennet.watcher.WatcherFixture.eventually;

import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.zennet.contracts.channel.ChannelInfo;
import org.zennet.contracts.deploy.Deployer;
import org.zennet.contracts.devchain.DevChain;
import org.zennet.contracts.testkit.AnvilExtension;
import org.zennet.contracts.testkit.RpcOutageProxy;
import org.zennet.protocol.host.Host;
import org.zennet.protocol.wire.WireValues;
import org.zennet.protocol.wire.messages.WatchMessage;
import org.zennet.watcher.client.WatchClient;
import org.zennet.watcher.store.SqliteWatcherStore;
import org.zennet.watcher.store.WatcherStore;

/**
 * The watcher on anvil: the stale-close attack, a restart between delegation and close, an RPC outage during the
 * challenge period.
 */
@ExtendWith(AnvilExtension.class)
class WatcherIT {
  @TempDir Path dir;
  private WatcherFixture f;

  @BeforeEach
  void deploy(DevChain dev) throws Exception {
    f = new WatcherFixture(dev);
  }

  @AfterEach
  void stop() throws Exception {
    f.close();
  }

  /** Delegates {@code amount} on {@code channel} as the fixture's provider; asserts the ack. */
  private void delegate(Watcher watcher, BigInteger channel, BigInteger amount) throws Exception {
    Host host = f.host(f.provider);
    WatchClient client = f.client(host, watcher);
    WatchMessage answer = await(client.delegate(f.voucher(channel, amount)));
    assertThat(answer.hasAck()).as(answer.toString()).isTrue();
    assertThat(WireValues.uint256(answer.getAck().getHeldAmount(), "held")).isEqualTo(amount);
    host.close().await(5, TimeUnit.SECONDS); // the provider goes offline
  }

  @Test
  void staleCloseAttackLeavesTheProviderExactlyItsLatestVoucher() throws Exception {
    Watcher watcher = f.watcher(f.config(dir));
    BigInteger channel = f.open(f.provider, XEN.multiply(BigInteger.TEN));
    BigInteger before = f.balance(f.provider);
    delegate(watcher, channel, XEN.multiply(BigInteger.valueOf(3)));
    delegate(watcher, channel, XEN.multiply(BigInteger.valueOf(7)));

    // the provider is offline; its publisher starts a close, hoping to keep what the vouchers promised
    f.publisher.channels().startClose(channel).get(30, TimeUnit.SECONDS);
    eventually("the watcher redeems", Duration.ofSeconds(30),
        () -> call(() -> f.info(channel).paid()).equals(XEN.multiply(BigInteger.valueOf(7))));
    // the chain shows the payment a moment before the watcher has read its receipt and logged it
    eventually("the watcher reports the redeem", Duration.ofSeconds(10),
        () -> f.lines.stream().anyMatch(line -> line.startsWith("redeemed 1 channel, 7 XEN, tx 0x")));

    f.dev.advanceTime(Deployer.DEV_CHALLENGE_PERIOD.toSeconds() + 1);
    f.publisher.channels().settle(channel).get(30, TimeUnit.SECONDS);
    assertThat(f.info(channel).state()).isEqualTo(ChannelInfo.State.CLOSED);
    assertThat(f.balance(f.provider).subtract(before)).isEqualTo(XEN.multiply(BigInteger.valueOf(7)));
    eventually("the watcher sees the close", Duration.ofSeconds(10),
        () -> watcher.store().channel(channel).orElseThrow().state() == ChannelInfo.State.CLOSED);
  }

  @Test
  void aRestartBetweenDelegationAndCloseLosesNothing() throws Exception {
    WatcherConfig config = f.config(dir);
    Watcher first = f.watcher(config);
    BigInteger channel = f.open(f.provider, XEN.multiply(BigInteger.TEN));
    BigInteger before = f.balance(f.provider);
    delegate(first, channel, XEN.multiply(BigInteger.valueOf(4)));
    first.close();

    // while the watcher is down: the close, and more blocks on top
    f.publisher.channels().startClose(channel).get(30, TimeUnit.SECONDS);
    f.open(f.secondProvider, XEN);
    try (WatcherStore offline = SqliteWatcherStore.openReadOnly(Watcher.database(dir))) {
      assertThat(offline.channel(channel).orElseThrow().held()).isEqualTo(XEN.multiply(BigInteger.valueOf(4)));
    }

    Watcher second = f.watcher(config);
    eventually("the restarted watcher catches up and redeems", Duration.ofSeconds(30),
        () -> call(() -> f.info(channel).paid()).equals(XEN.multiply(BigInteger.valueOf(4))));
    f.dev.advanceTime(Deployer.DEV_CHALLENGE_PERIOD.toSeconds() + 1);
    f.publisher.channels().settle(channel).get(30, TimeUnit.SECONDS);
    assertThat(f.balance(f.provider).subtract(before)).isEqualTo(XEN.multiply(BigInteger.valueOf(4)));
    assertThat(second.store().redeems()).hasSize(1);
  }

  @Test
  void anRpcOutageDuringTheChallengePeriodIsRiddenOut() throws Exception {
    try (RpcOutageProxy proxy = RpcOutageProxy.start(f.dev.httpUrl())) {
      Watcher watcher = f.watcher(f.config(dir).withEndpoints(proxy.url(), proxy.wsUrl()));
      BigInteger channel = f.open(f.provider, XEN.multiply(BigInteger.TEN));
      delegate(watcher, channel, XEN.multiply(BigInteger.valueOf(5)));

      proxy.cut();
      f.publisher.channels().startClose(channel).get(30, TimeUnit.SECONDS);
      Thread.sleep(4_000); // a few seconds without a node, during the challenge period
      assertThat(f.info(channel).paid()).isZero();
      proxy.restore();

      eventually("the watcher redeems once the node is back", Duration.ofSeconds(60),
          () -> call(() -> f.info(channel).paid()).equals(XEN.multiply(BigInteger.valueOf(5))));
    }
  }

  @FunctionalInterface
  interface Call<T> {
    T get() throws Exception;
  }

  static <T> T call(Call<T> c) {
    try {
      return c.get();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
