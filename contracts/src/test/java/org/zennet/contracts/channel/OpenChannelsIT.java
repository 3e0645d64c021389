package org.zennet.contracts.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.math.BigInteger;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.zennet.contracts.Xen;
import org.zennet.contracts.generated.PaymentChannels;
import org.zennet.contracts.generated.errors.PaymentChannelsBatchLengthMismatchException;
import org.zennet.contracts.generated.errors.PaymentChannelsBatchTooLargeException;
import org.zennet.contracts.generated.errors.PaymentChannelsDepositTooLargeException;
import org.zennet.contracts.generated.errors.PaymentChannelsEmptyBatchException;
import org.zennet.contracts.generated.errors.PaymentChannelsInsufficientEscrowException;
import org.zennet.contracts.generated.errors.PaymentChannelsProviderIsPublisherException;
import org.zennet.contracts.generated.errors.PaymentChannelsZeroDepositException;
import org.zennet.contracts.generated.errors.PaymentChannelsZeroProviderException;
import org.zennet.contracts.testkit.Balances;
import org.zennet.contracts.testkit.ChannelsFixture;
import org.zennet.contracts.testkit.ChannelsFixture.ChannelInfo;
import org.zennet.contracts.testkit.ChannelsFixture.ChannelState;
import org.zennet.contracts.testkit.ChannelsTest;

/** {@code openChannels}: one publisher transaction opens a channel to each accepted provider. */
@ChannelsTest
class OpenChannelsIT {
  private static final String ZERO_ADDRESS = "0x0000000000000000000000000000000000000000";
  private static final BigInteger JOB = BigInteger.valueOf(7);
  private static final BigInteger FIRST = Xen.of(30);
  private static final BigInteger SECOND = Xen.of(45).add(BigInteger.ONE);
  /** The ids of a batch are {@code page << 10 | k}, k = 1 .. n. */
  private static final int PAGE_BITS = 10;

  @Test
  void opensOneChannelPerProviderFromTheFreeEscrow(ChannelsFixture fx) throws Exception {
    Credentials publisher = fx.publisher();
    fx.deposit(publisher, Xen.of(100));
    Balances before = fx.balances();

    TransactionReceipt receipt = fx.openChannels(publisher, JOB, List.of(fx.provider(), fx.secondProvider()),
        List.of(FIRST, SECOND));

    assertThat(fx.balances().changesSince(before)).as("only escrow moves; the tokens stay in the contract")
        .isEqualTo(fx.changes().escrowChanged(publisher, FIRST.add(SECOND).negate()).toMap());
    BigInteger first = BigInteger.ONE;
    BigInteger second = BigInteger.TWO;
    assertThat(PaymentChannels.getChannelOpenedEvents(receipt))
        .extracting(e -> e.channelId, e -> e.publisher, e -> e.provider, e -> e.jobId, e -> e.amount)
        .containsExactly(
            tuple(first, publisher.getAddress(), fx.provider().getAddress(), JOB, FIRST),
            tuple(second, publisher.getAddress(), fx.secondProvider().getAddress(), JOB, SECOND));
    assertThat(fx.channelInfo(first)).isEqualTo(
        new ChannelInfo(publisher.getAddress(), fx.provider().getAddress(), FIRST, BigInteger.ZERO, BigInteger.ZERO));
    assertThat(fx.channelInfo(second)).isEqualTo(new ChannelInfo(publisher.getAddress(),
        fx.secondProvider().getAddress(), SECOND, BigInteger.ZERO, BigInteger.ZERO));
    assertThat(fx.channelState(first)).isEqualTo(ChannelState.OPEN);
    assertThat(fx.channels(publisher).channelCount().send()).isEqualTo(BigInteger.TWO);
  }

  @Test
  void eachBatchStartsOnAFreshPageOfIds(ChannelsFixture fx) throws Exception {
    Credentials publisher = fx.publisher();
    Credentials other = fx.stranger();
    fx.deposit(publisher, FIRST.multiply(BigInteger.valueOf(4)));
    fx.deposit(other, FIRST);

    List<BigInteger> batch1 = ChannelsFixture.openedIds(fx.openChannels(publisher, JOB,
        List.of(fx.provider(), fx.secondProvider(), fx.provider()), List.of(FIRST, FIRST, FIRST)));
    List<BigInteger> batch2 = ChannelsFixture.openedIds(fx.openChannels(other, JOB, List.of(fx.provider()),
        List.of(FIRST)));
    List<BigInteger> batch3 = ChannelsFixture.openedIds(fx.openChannels(publisher, JOB, List.of(fx.secondProvider()),
        List.of(FIRST)));

    assertThat(batch1).containsExactly(id(0, 1), id(0, 2), id(0, 3));
    assertThat(batch2).containsExactly(id(1, 1));
    assertThat(batch3).containsExactly(id(2, 1));
    assertThat(fx.channelInfo(id(1, 1)).publisher()).isEqualTo(other.getAddress());
    assertThat(fx.channelInfo(id(2, 1)).publisher()).isEqualTo(publisher.getAddress());
    assertThat(fx.channels(publisher).channelCount().send()).isEqualTo(BigInteger.valueOf(5));
    for (BigInteger gap : List.of(BigInteger.ZERO, id(0, 4), id(0, 1023), id(1, 0), id(1, 2), id(3, 1))) {
      assertThat(fx.channelState(gap)).as("id %s was never handed out", gap).isEqualTo(ChannelState.NONE);
      assertThat(fx.channelInfo(gap)).isEqualTo(new ChannelInfo(ZERO_ADDRESS, ZERO_ADDRESS, BigInteger.ZERO,
          BigInteger.ZERO, BigInteger.ZERO));
    }
  }

  @Test
  void aProviderListedTwiceGetsTwoChannels(ChannelsFixture fx) throws Exception {
    Credentials publisher = fx.publisher();
    fx.deposit(publisher, Xen.of(100));

    List<BigInteger> ids = ChannelsFixture.openedIds(fx.openChannels(publisher, JOB,
        List.of(fx.provider(), fx.provider()), List.of(FIRST, SECOND)));

    assertThat(ids).hasSize(2).doesNotHaveDuplicates();
    assertThat(fx.channelInfo(ids.get(0)).deposit()).isEqualTo(FIRST);
    assertThat(fx.channelInfo(ids.get(1)).deposit()).isEqualTo(SECOND);
  }

  @Test
  void opensAManyProviderBatchWithConsecutiveIds(ChannelsFixture fx) throws Exception {
    Credentials publisher = fx.publisher();
    int n = 40;
    fx.deposit(publisher, BigInteger.valueOf(n * 1000L));
    List<Credentials> providers = Collections.nCopies(n, fx.provider());
    List<BigInteger> amounts = IntStream.rangeClosed(1, n).mapToObj(i -> BigInteger.valueOf(i * 10L)).toList();

    List<BigInteger> ids = ChannelsFixture.openedIds(fx.openChannels(publisher, JOB, providers, amounts));

    assertThat(ids).containsExactlyElementsOf(IntStream.rangeClosed(1, n).mapToObj(k -> id(0, k)).toList());
    assertThat(fx.channelInfo(id(0, n)).deposit()).isEqualTo(BigInteger.valueOf(n * 10L));
    // 10 + 20 + ... + 400 wei locked.
    assertThat(fx.escrowOf(publisher)).isEqualTo(BigInteger.valueOf(n * 1000L - 10L * n * (n + 1) / 2));
  }

  @Test
  void refusesToLockMoreThanTheFreeEscrow(ChannelsFixture fx) throws Exception {
    Credentials publisher = fx.publisher();
    fx.deposit(publisher, FIRST);
    BigInteger oneWeiTooMany = BigInteger.ONE;

    var e = fx.channelsRevert(PaymentChannelsInsufficientEscrowException.class, publisher,
        c -> c.openChannels(JOB, List.of(fx.provider().getAddress(), fx.secondProvider().getAddress()),
            List.of(FIRST, oneWeiTooMany)));

    assertThat(e.account()).isEqualToIgnoringCase(publisher.getAddress());
    assertThat(e.available()).isEqualTo(FIRST);
    assertThat(e.needed()).isEqualTo(FIRST.add(oneWeiTooMany));
  }

  @Test
  void rejectsBatchesOfTheWrongShape(ChannelsFixture fx) throws Exception {
    Credentials publisher = fx.publisher();
    String provider = fx.provider().getAddress();
    fx.deposit(publisher, Xen.of(100));

    var mismatch = fx.channelsRevert(PaymentChannelsBatchLengthMismatchException.class, publisher,
        c -> c.openChannels(JOB, List.of(provider, provider), List.of(FIRST)));
    assertThat(List.of(mismatch.providers(), mismatch.amounts())).containsExactly(BigInteger.TWO, BigInteger.ONE);

    fx.channelsRevert(PaymentChannelsEmptyBatchException.class, publisher,
        c -> c.openChannels(JOB, List.of(), List.of()));

    int tooMany = 1001;
    var tooLarge = fx.channelsRevert(PaymentChannelsBatchTooLargeException.class, publisher,
        c -> c.openChannels(JOB, Collections.nCopies(tooMany, provider), Collections.nCopies(tooMany, BigInteger.ONE)));
    assertThat(tooLarge.size()).isEqualTo(BigInteger.valueOf(tooMany));
    assertThat(tooLarge.maxSize()).isEqualTo(fx.channels(publisher).MAX_CHANNELS_PER_BATCH().send())
        .isEqualTo(BigInteger.valueOf(1000));
  }

  @Test
  void rejectsABadEntryAndNamesItsIndex(ChannelsFixture fx) throws Exception {
    Credentials publisher = fx.publisher();
    String provider = fx.provider().getAddress();
    fx.deposit(publisher, Xen.of(100));

    var zeroProvider = fx.channelsRevert(PaymentChannelsZeroProviderException.class, publisher,
        c -> c.openChannels(JOB, List.of(provider, ZERO_ADDRESS), List.of(FIRST, FIRST)));
    assertThat(zeroProvider.index()).isEqualTo(BigInteger.ONE);

    var self = fx.channelsRevert(PaymentChannelsProviderIsPublisherException.class, publisher,
        c -> c.openChannels(JOB, List.of(publisher.getAddress()), List.of(FIRST)));
    assertThat(self.index()).isZero();

    var zeroDeposit = fx.channelsRevert(PaymentChannelsZeroDepositException.class, publisher,
        c -> c.openChannels(JOB, List.of(provider, provider), List.of(FIRST, BigInteger.ZERO)));
    assertThat(zeroDeposit.index()).isEqualTo(BigInteger.ONE);

    BigInteger max = fx.channels(publisher).MAX_CHANNEL_DEPOSIT().send();
    assertThat(max).isEqualTo(BigInteger.ONE.shiftLeft(95).subtract(BigInteger.ONE));
    var tooLarge = fx.channelsRevert(PaymentChannelsDepositTooLargeException.class, publisher,
        c -> c.openChannels(JOB, List.of(provider), List.of(max.add(BigInteger.ONE))));
    assertThat(tooLarge.amount()).isEqualTo(max.add(BigInteger.ONE));
    assertThat(tooLarge.maxAmount()).isEqualTo(max);
  }

  private static BigInteger id(long page, int k) {
    return BigInteger.valueOf(page << PAGE_BITS | k);
  }
}
