package org.zennet.contracts.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.zennet.contracts.Xen;
import org.zennet.contracts.generated.PaymentChannels;
import org.zennet.contracts.generated.errors.PaymentChannelsCloseAlreadyStartedException;
import org.zennet.contracts.generated.errors.PaymentChannelsDepositTooLargeException;
import org.zennet.contracts.generated.errors.PaymentChannelsInsufficientEscrowException;
import org.zennet.contracts.generated.errors.PaymentChannelsNotPublisherException;
import org.zennet.contracts.generated.errors.PaymentChannelsUnknownChannelException;
import org.zennet.contracts.generated.errors.PaymentChannelsZeroAmountException;
import org.zennet.contracts.testkit.Balances;
import org.zennet.contracts.testkit.ChannelsFixture;
import org.zennet.contracts.testkit.ChannelsTest;

/** {@code topUp}: the publisher adds free escrow to an open channel. */
@ChannelsTest
class TopUpIT {
  private static final BigInteger OPENED = Xen.of(30);
  private static final BigInteger ADDED = Xen.of(20).add(BigInteger.ONE);

  @Test
  void movesFreeEscrowIntoTheChannel(ChannelsFixture fx) throws Exception {
    Credentials publisher = fx.publisher();
    BigInteger id = fx.depositAndOpen(publisher, fx.provider(), OPENED);
    fx.deposit(publisher, Xen.of(50));
    Balances before = fx.balances();

    TransactionReceipt receipt = fx.channels(publisher).topUp(id, ADDED).send();

    assertThat(fx.balances().changesSince(before)).isEqualTo(
        fx.changes().escrowChanged(publisher, ADDED.negate()).toMap());
    assertThat(fx.channelInfo(id).deposit()).isEqualTo(OPENED.add(ADDED));
    assertThat(PaymentChannels.getToppedUpEvents(receipt)).extracting(e -> e.channelId, e -> e.amount, e -> e.deposit)
        .containsExactly(tuple(id, ADDED, OPENED.add(ADDED)));
  }

  @Test
  void anEarlierVoucherAboveTheDepositIsWorthMoreAfterATopUp(ChannelsFixture fx) throws Exception {
    Credentials publisher = fx.publisher();
    BigInteger id = fx.depositAndOpen(publisher, fx.provider(), OPENED);
    SignedVoucher voucher = fx.sign(publisher, id, Xen.of(40));
    fx.redeem(fx.provider(), voucher);
    assertThat(fx.channelInfo(id).paid()).isEqualTo(OPENED);

    fx.deposit(publisher, ADDED);
    fx.channels(publisher).topUp(id, ADDED).send();
    Balances before = fx.balances();
    fx.redeem(fx.provider(), voucher);

    BigInteger rest = Xen.of(40).subtract(OPENED);
    assertThat(fx.balances().changesSince(before)).isEqualTo(fx.changes().paid(fx.provider(), rest).toMap());
    assertThat(fx.channelInfo(id).paid()).isEqualTo(Xen.of(40));
  }

  @Test
  void onlyThePublisherMayTopUp(ChannelsFixture fx) throws Exception {
    BigInteger id = fx.depositAndOpen(fx.publisher(), fx.provider(), OPENED);
    Credentials stranger = fx.stranger();
    fx.deposit(stranger, ADDED);

    var e = fx.channelsRevert(PaymentChannelsNotPublisherException.class, stranger, c -> c.topUp(id, ADDED));

    assertThat(e.channelId()).isEqualTo(id);
    assertThat(e.caller()).isEqualToIgnoringCase(stranger.getAddress());
  }

  @Test
  void theDepositIsFrozenOnceTheCloseStarted(ChannelsFixture fx) throws Exception {
    Credentials publisher = fx.publisher();
    BigInteger id = fx.depositAndOpen(publisher, fx.provider(), OPENED);
    fx.deposit(publisher, ADDED);
    fx.channels(publisher).startClose(id).send();

    var e = fx.channelsRevert(PaymentChannelsCloseAlreadyStartedException.class, publisher, c -> c.topUp(id, ADDED));

    assertThat(e.channelId()).isEqualTo(id);
    assertThat(e.closesAt()).isEqualTo(fx.channelInfo(id).closesAt()).isPositive();
  }

  @Test
  void rejectsZeroUnfundedOrOversizedTopUpsAndUnknownChannels(ChannelsFixture fx) throws Exception {
    Credentials publisher = fx.publisher();
    BigInteger id = fx.depositAndOpen(publisher, fx.provider(), OPENED);
    fx.deposit(publisher, ADDED);

    fx.channelsRevert(PaymentChannelsZeroAmountException.class, publisher, c -> c.topUp(id, BigInteger.ZERO));

    BigInteger tooMuch = ADDED.add(BigInteger.ONE);
    var unfunded = fx.channelsRevert(PaymentChannelsInsufficientEscrowException.class, publisher,
        c -> c.topUp(id, tooMuch));
    assertThat(unfunded.available()).isEqualTo(ADDED);
    assertThat(unfunded.needed()).isEqualTo(tooMuch);

    BigInteger room = fx.channels(publisher).MAX_CHANNEL_DEPOSIT().send().subtract(OPENED);
    var oversized = fx.channelsRevert(PaymentChannelsDepositTooLargeException.class, publisher,
        c -> c.topUp(id, room.add(BigInteger.ONE)));
    assertThat(oversized.amount()).isEqualTo(room.add(BigInteger.ONE));
    assertThat(oversized.maxAmount()).isEqualTo(room);

    BigInteger unknown = id.add(BigInteger.ONE);
    var e = fx.channelsRevert(PaymentChannelsUnknownChannelException.class, publisher, c -> c.topUp(unknown, ADDED));
    assertThat(e.channelId()).isEqualTo(unknown);
  }
}
