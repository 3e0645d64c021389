package org.zennet.watcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.zennet.watcher.WatcherFixture.XEN;
import static org.zennet.watcher.WatcherFixture.await;
import static org.zennet.watcher.WatcherFixture.eventually;

import com.google.protobuf.ByteString;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;
import org.zennet.contracts.channel.SignedVoucher;
import org.zennet.contracts.channel.Voucher;
import org.zennet.contracts.devchain.DevChain;
import org.zennet.contracts.testkit.AnvilExtension;
import org.zennet.protocol.host.Host;
import org.zennet.protocol.wire.WireValues;
import org.zennet.protocol.wire.messages.ChannelState;
import org.zennet.protocol.wire.messages.DelegateNackReason;
import org.zennet.protocol.wire.messages.DelegateVoucher;
import org.zennet.protocol.wire.messages.WatchMessage;
import org.zennet.watcher.client.WatchClient;

/**
 * Hostile delegations, each refused with its reason (or its stream reset) while the honest provider's
 * delegation is held and redeemed as if nothing happened.
 */
@ExtendWith(AnvilExtension.class)
class HostileDelegationsIT {
  @TempDir Path dir;
  private WatcherFixture f;
  private Watcher watcher;
  private BigInteger honest;
  private WatchClient provider;

  @BeforeEach
  void start(DevChain dev) throws Exception {
    f = new WatcherFixture(dev);
    watcher = f.watcher(f.config(dir));
    honest = f.open(f.provider, XEN.multiply(BigInteger.TEN));
    provider = f.client(f.host(f.provider), watcher);
    assertThat(await(provider.delegate(f.voucher(honest, XEN.multiply(BigInteger.valueOf(5))))).hasAck()).isTrue();
  }

  @AfterEach
  void stop() throws Exception {
    f.close();
  }

  private static DelegateNackReason nack(WatchMessage answer) {
    assertThat(answer.hasNack()).as(answer.toString()).isTrue();
    return answer.getNack().getReason();
  }

  /** After everything: the honest voucher is held unchanged and redeemed when its publisher closes. */
  private void honestProviderUnharmed() throws Exception {
    assertThat(watcher.store().counts().held()).as("nothing hostile was kept").isEqualTo(1);
    assertThat(watcher.store().channel(honest).orElseThrow().held()).isEqualTo(XEN.multiply(BigInteger.valueOf(5)));
    WatchMessage again = await(provider.delegate(f.voucher(honest, XEN.multiply(BigInteger.valueOf(6)))));
    assertThat(again.hasAck()).as(again.toString()).isTrue();
    f.publisher.channels().startClose(honest).get(30, TimeUnit.SECONDS);
    eventually("the honest channel redeemed", Duration.ofSeconds(30),
        () -> WatcherIT.call(() -> f.info(honest).paid()).equals(XEN.multiply(BigInteger.valueOf(6))));
  }

  @Test
  void refusesEachBadDelegationWithItsReason() throws Exception {
    BigInteger others = f.open(f.secondProvider, XEN.multiply(BigInteger.TEN));
    assertThat(nack(await(provider.delegate(f.voucher(others, XEN))))).as("another provider's channel")
        .isEqualTo(DelegateNackReason.DELEGATE_NACK_REASON_NOT_PAYEE);
    assertThat(nack(await(provider.delegate(f.voucher(honest, XEN.multiply(BigInteger.valueOf(3)))))))
        .as("a lower amount").isEqualTo(DelegateNackReason.DELEGATE_NACK_REASON_NOT_INCREASING);
    assertThat(await(provider.delegate(f.voucher(honest, XEN.multiply(BigInteger.valueOf(5))))).hasAck())
        .as("the same voucher again: a retry after a lost ack").isTrue();

    SignedVoucher forged = f.publisher.vouchers().sign(new Voucher(honest, XEN.multiply(BigInteger.valueOf(9))),
        f.provider);
    assertThat(nack(await(provider.delegate(forged)))).as("signed by the provider, not the publisher")
        .isEqualTo(DelegateNackReason.DELEGATE_NACK_REASON_BAD_SIGNATURE);
    byte[] sig = f.voucher(honest, XEN.multiply(BigInteger.valueOf(9))).signature();
    sig[64] = 31;
    assertThat(nack(await(provider.delegate(new SignedVoucher(new Voucher(honest, XEN.multiply(BigInteger.valueOf(9))),
        sig))))).as("a bad v").isEqualTo(DelegateNackReason.DELEGATE_NACK_REASON_BAD_SIGNATURE);

    assertThat(nack(await(provider.delegate(f.voucher(honest, XEN.multiply(BigInteger.valueOf(11)))))))
        .as("above the deposit").isEqualTo(DelegateNackReason.DELEGATE_NACK_REASON_EXCEEDS_DEPOSIT);
    assertThat(nack(await(provider.delegate(f.voucher(BigInteger.valueOf(999_999), XEN))))).as("no such channel")
        .isEqualTo(DelegateNackReason.DELEGATE_NACK_REASON_UNKNOWN_CHANNEL);

    BigInteger closed = f.open(f.provider, XEN.multiply(BigInteger.TEN));
    try (var asProvider = org.zennet.contracts.ZennetContracts.connect(f.deployment, f.provider)) {
      asProvider.channels().closeByProvider(f.voucher(closed, XEN)).get(30, TimeUnit.SECONDS);
    }
    assertThat(nack(await(provider.delegate(f.voucher(closed, XEN.multiply(BigInteger.TWO)))))).as("a closed channel")
        .isEqualTo(DelegateNackReason.DELEGATE_NACK_REASON_CHANNEL_CLOSED);

    WatchMessage good = provider.delegation(f.voucher(honest, XEN.multiply(BigInteger.valueOf(6))));
    WatchMessage otherChain = good.toBuilder().setDelegate(good.getDelegate().toBuilder().setChainId(1)).build();
    assertThat(nack(await(provider.request(otherChain)))).isEqualTo(DelegateNackReason.DELEGATE_NACK_REASON_UNSUPPORTED_CHAIN);
    WatchMessage otherContract = good.toBuilder().setDelegate(good.getDelegate().toBuilder()
        .setPaymentChannels(ByteString.copyFrom(new byte[20]))).build();
    assertThat(nack(await(provider.request(otherContract)))).isEqualTo(DelegateNackReason.DELEGATE_NACK_REASON_UNSUPPORTED_CHAIN);
    WatchMessage shortId = good.toBuilder().setDelegate(good.getDelegate().toBuilder().setVoucher(
        good.getDelegate().getVoucher().toBuilder().setChannelId(ByteString.copyFrom(new byte[] {1, 2, 3})))).build();
    assertThat(nack(await(provider.request(shortId)))).isEqualTo(DelegateNackReason.DELEGATE_NACK_REASON_MALFORMED);
    WatchMessage noVoucher = WatchMessage.newBuilder().setDelegate(DelegateVoucher.newBuilder()
        .setChainId(f.deployment.chainId()).setPaymentChannels(good.getDelegate().getPaymentChannels())).build();
    assertThat(nack(await(provider.request(noVoucher)))).isEqualTo(DelegateNackReason.DELEGATE_NACK_REASON_MALFORMED);
    assertThat(nack(await(provider.request(WatchMessage.getDefaultInstance())))).as("an empty message")
        .isEqualTo(DelegateNackReason.DELEGATE_NACK_REASON_MALFORMED);
    assertThat(nack(await(provider.request(WatchMessage.newBuilder().setAck(
        org.zennet.protocol.wire.messages.DelegateAck.getDefaultInstance()).build())))).as("a watcher's message")
        .isEqualTo(DelegateNackReason.DELEGATE_NACK_REASON_MALFORMED);

    WatchMessage status = await(provider.status(honest));
    assertThat(status.getStatus().getState()).isEqualTo(ChannelState.CHANNEL_STATE_OPEN);
    assertThat(WireValues.uint256(status.getStatus().getHeldAmount(), "held")).isEqualTo(XEN.multiply(BigInteger.valueOf(5)));
    WatchClient second = f.client(f.host(f.secondProvider), watcher);
    assertThat(nack(await(second.status(honest)))).as("someone else's channel status")
        .isEqualTo(DelegateNackReason.DELEGATE_NACK_REASON_NOT_PAYEE);

    honestProviderUnharmed();
  }

  @Test
  void garbageAndOversizedMessagesResetOnlyTheirStream() throws Exception {
    Host attacker = f.host(Credentials.create(Keys.createEcKeyPair()));
    WatchClient garbage = f.client(attacker, watcher);
    byte[] noise = new byte[300];
    new Random(7).nextBytes(noise);
    noise[0] = (byte) 0xff; // a varint prefix that never ends
    noise[1] = (byte) 0xff;
    garbage.stream().stream().write(Buffer.buffer(noise));
    assertThatThrownBy(() -> garbage.stream().next().await(10, TimeUnit.SECONDS)).as("garbage resets the stream")
        .isNotNull();

    WatchClient oversized = f.client(attacker, watcher);
    WatchMessage huge = oversized.delegation(f.voucher(honest, XEN)).toBuilder().setDelegate(
        oversized.delegation(f.voucher(honest, XEN)).getDelegate().toBuilder().setVoucher(
            org.zennet.protocol.wire.messages.Voucher.newBuilder().setSignature(ByteString.copyFrom(new byte[8000]))))
        .build();
    byte[] body = huge.toByteArray();
    Buffer framed = org.zennet.protocol.varint.UnsignedVarint.append(Buffer.buffer(), body.length).appendBytes(body);
    oversized.stream().stream().write(framed);
    assertThatThrownBy(() -> oversized.stream().next().await(10, TimeUnit.SECONDS)).as("an 8 KB message resets the stream")
        .isNotNull();

    honestProviderUnharmed();
  }

  @Test
  void aFloodOfHostileDelegationsLeavesTheOthersServed() throws Exception {
    Credentials strangerKey = Credentials.create(Keys.createEcKeyPair());
    Host attacker = f.host(strangerKey);
    List<Future<Integer>> floods = new ArrayList<>();
    for (int s = 0; s < 4; s++) {
      WatchClient flood = f.client(attacker, watcher);
      floods.add(flood(flood, 150, s));
    }
    // the honest provider delegates while the flood runs
    WatchMessage during = await(provider.delegate(f.voucher(honest, XEN.multiply(BigInteger.valueOf(5)))));
    assertThat(during.hasAck()).as(during.toString()).isTrue();
    int refused = 0;
    for (Future<Integer> flood : floods) {
      refused += flood.await(120, TimeUnit.SECONDS);
    }
    assertThat(refused).as("every hostile delegation refused").isEqualTo(4 * 150);
    honestProviderUnharmed();
  }

  /** Sends {@code n} hostile delegations on one stream (for the honest channel, another channel, junk); counts the nacks. */
  private Future<Integer> flood(WatchClient client, int n, int seed) {
    Future<Integer> chain = Future.succeededFuture(0);
    for (int i = 0; i < n; i++) {
      int k = i;
      chain = chain.compose(count -> {
        WatchMessage m = switch ((k + seed) % 3) {
          case 0 -> client.delegation(f.voucher(honest, XEN.multiply(BigInteger.valueOf(9)))); // not its channel
          case 1 -> client.delegation(f.voucher(BigInteger.valueOf(1_000_000 + k), XEN)); // no such channel
          default -> WatchMessage.getDefaultInstance();
        };
        return client.request(m).map(answer -> count + (answer.hasNack() ? 1 : 0));
      });
    }
    return chain;
  }
}
