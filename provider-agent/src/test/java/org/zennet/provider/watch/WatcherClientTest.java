package org.zennet.provider.watch;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;
import org.zennet.contracts.channel.SignedVoucher;
import org.zennet.contracts.channel.Voucher;
import org.zennet.protocol.host.Host;
import org.zennet.protocol.host.HostConfig;
import org.zennet.protocol.host.MessageStream;
import org.zennet.protocol.identity.HostKey;
import org.zennet.protocol.multiaddr.Multiaddr;
import org.zennet.protocol.wire.WireValues;
import org.zennet.protocol.wire.messages.DelegateAck;
import org.zennet.protocol.wire.messages.WatchMessage;

/** The provider's side of {@code /zennet/watch/1.0.0} against a scripted watcher on loopback. */
class WatcherClientTest {
  private static final String CHANNELS = "0x" + "ab".repeat(20);
  private Vertx vertx;
  private Host watcherHost;
  private Host providerHost;
  private String watcherAddress;
  /** Streams the scripted watcher resets without an answer, before it starts acknowledging. */
  private final AtomicInteger dropFirst = new AtomicInteger();
  private final List<BigInteger> acknowledged = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    watcherHost = Host.create(vertx, HostKey.fromCredentials(Credentials.create(Keys.createEcKeyPair())),
        HostConfig.DEFAULT);
    watcherHost.handleMessages(WatcherClient.PROTOCOL, WatchMessage.parser(), this::serve);
    watcherAddress = await(watcherHost.listen(Multiaddr.parse("/ip4/127.0.0.1/tcp/0"))).toString();
    providerHost = Host.create(vertx, HostKey.fromCredentials(Credentials.create(Keys.createEcKeyPair())),
        HostConfig.DEFAULT);
  }

  @AfterEach
  void stop() throws Exception {
    await(vertx.close());
  }

  private void serve(MessageStream<WatchMessage, WatchMessage> ms) {
    next(ms);
  }

  private void next(MessageStream<WatchMessage, WatchMessage> ms) {
    ms.next().onSuccess(m -> {
      if (dropFirst.getAndDecrement() > 0) {
        ms.stream().reset();
        return;
      }
      try {
        BigInteger amount = WireValues.uint256(m.getDelegate().getVoucher().getCumulativeAmount(), "amount");
        acknowledged.add(amount);
        ms.write(WatchMessage.newBuilder().setAck(DelegateAck.newBuilder()
            .setChannelId(m.getDelegate().getVoucher().getChannelId())
            .setHeldAmount(WireValues.uint256(amount))).build()).onSuccess(v -> next(ms));
      } catch (Exception e) {
        ms.stream().reset();
      }
    });
  }

  private static SignedVoucher voucher(long channel, long amount) {
    return new SignedVoucher(new Voucher(BigInteger.valueOf(channel), BigInteger.valueOf(amount)),
        new byte[SignedVoucher.SIGNATURE_LENGTH]);
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(15, TimeUnit.SECONDS);
  }

  @Test
  void flushDeliversTheLatestVoucherOfEachChannel() throws Exception {
    WatcherClient client = new WatcherClient(providerHost, List.of(watcherAddress), 31337, CHANNELS, (w, c, a, d) -> {});
    client.delegate(voucher(1, 10));
    client.delegate(voucher(2, 5));
    client.delegate(voucher(1, 30));
    assertThat(client.flush(Duration.ofSeconds(10))).isTrue();
    assertThat(acknowledged).contains(BigInteger.valueOf(30), BigInteger.valueOf(5));
  }

  @Test
  void aDelegationWhoseStreamBrokeIsSentAgainByFlushThoughNoNewerVoucherCame() throws Exception {
    dropFirst.set(1);
    List<Boolean> outcomes = new CopyOnWriteArrayList<>();
    WatcherClient client = new WatcherClient(providerHost, List.of(watcherAddress), 31337, CHANNELS,
        (w, c, ack, d) -> outcomes.add(ack));
    client.delegate(voucher(7, 42)); // the channel's last voucher: the job is over
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (outcomes.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(outcomes).as("the first attempt failed").containsExactly(false);
    assertThat(acknowledged).isEmpty();
    assertThat(client.flush(Duration.ofSeconds(10))).as("flush sent it again").isTrue();
    assertThat(acknowledged).containsExactly(BigInteger.valueOf(42));
    assertThat(outcomes).containsExactly(false, true);
  }

  @Test
  void flushGivesUpAfterItsTimeoutWhenTheWatcherIsUnreachable() throws Exception {
    await(watcherHost.close());
    WatcherClient client = new WatcherClient(providerHost, List.of(watcherAddress), 31337, CHANNELS, (w, c, a, d) -> {});
    client.delegate(voucher(1, 10));
    long start = System.nanoTime();
    assertThat(client.flush(Duration.ofMillis(800))).isFalse();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
  }
}
