package org.zennet.contracts.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.exceptions.TransactionException;
import org.zennet.contracts.Xen;
import org.zennet.contracts.generated.PaymentChannels;
import org.zennet.contracts.generated.XenCoin;
import org.zennet.contracts.generated.errors.PaymentChannelsEmptyBatchException;
import org.zennet.contracts.generated.errors.PaymentChannelsNothingToRedeemException;
import org.zennet.contracts.generated.errors.PaymentChannelsRedeemLengthMismatchException;
import org.zennet.contracts.testkit.Balances;
import org.zennet.contracts.testkit.ChannelsFixture;
import org.zennet.contracts.testkit.ChannelsTest;

/** {@code redeemMany}: several vouchers, of several channels and publishers, in one all-or-nothing call. */
@ChannelsTest
class RedeemManyIT {
  private static final BigInteger DEPOSIT = Xen.of(50);
  private static final BigInteger A = Xen.of(5).add(BigInteger.ONE);
  private static final BigInteger B = Xen.of(7).add(BigInteger.TWO);
  private static final BigInteger C = Xen.of(11).add(BigInteger.valueOf(3));

  /** Channels 1 and 3 pay the provider, 2 the second provider, all from the publisher. */
  private static List<BigInteger> openThree(ChannelsFixture fx) throws Exception {
    fx.deposit(fx.publisher(), DEPOSIT.multiply(BigInteger.valueOf(3)));
    return ChannelsFixture.openedIds(fx.openChannels(fx.publisher(), BigInteger.ONE,
        List.of(fx.provider(), fx.secondProvider(), fx.provider()), List.of(DEPOSIT, DEPOSIT, DEPOSIT)));
  }

  private static TransactionReceipt redeemMany(ChannelsFixture fx, Credentials sender, List<SignedVoucher> vouchers)
      throws Exception {
    return fx.channels(sender).redeemMany(vouchers.stream().map(v -> v.voucher().channelId()).toList(),
        vouchers.stream().map(v -> v.voucher().cumulativeAmount()).toList(),
        vouchers.stream().map(SignedVoucher::signature).toList()).send();
  }

  @Test
  void paysEveryVoucherAndMergesConsecutivePaymentsToOneProvider(ChannelsFixture fx) throws Exception {
    List<BigInteger> ids = openThree(fx);
    Credentials publisher = fx.publisher();
    Balances before = fx.balances();

    // Channels 1 and 3 (same provider) side by side, then channel 2.
    TransactionReceipt receipt = redeemMany(fx, fx.stranger(), List.of(fx.sign(publisher, ids.get(0), A),
        fx.sign(publisher, ids.get(2), C), fx.sign(publisher, ids.get(1), B)));

    assertThat(fx.balances().changesSince(before)).isEqualTo(
        fx.changes().paid(fx.provider(), A.add(C)).paid(fx.secondProvider(), B).toMap());
    assertThat(PaymentChannels.getRedeemedEvents(receipt))
        .extracting(e -> e.channelId, e -> e.provider, e -> e.cumulativeAmount, e -> e.paid)
        .containsExactly(
            tuple(ids.get(0), fx.provider().getAddress(), A, A),
            tuple(ids.get(2), fx.provider().getAddress(), C, C),
            tuple(ids.get(1), fx.secondProvider().getAddress(), B, B));
    assertThat(XenCoin.getTransferEvents(receipt)).as("one transfer per run of the same provider")
        .extracting(e -> e.to, e -> e.value)
        .containsExactly(tuple(fx.provider().getAddress(), A.add(C)), tuple(fx.secondProvider().getAddress(), B));
    assertThat(fx.channelInfo(ids.get(2)).paid()).isEqualTo(C);
  }

  @Test
  void redeemsChannelsOfSeveralPublishers(ChannelsFixture fx) throws Exception {
    BigInteger mine = fx.depositAndOpen(fx.publisher(), fx.provider(), DEPOSIT);
    BigInteger theirs = fx.depositAndOpen(fx.stranger(), fx.provider(), DEPOSIT);
    Balances before = fx.balances();

    redeemMany(fx, fx.provider(), List.of(fx.sign(fx.publisher(), mine, A), fx.sign(fx.stranger(), theirs, B)));

    assertThat(fx.balances().changesSince(before)).isEqualTo(fx.changes().paid(fx.provider(), A.add(B)).toMap());
  }

  @Test
  void aLaterVoucherOfTheSameChannelInTheBatchPaysOnlyTheDelta(ChannelsFixture fx) throws Exception {
    BigInteger id = fx.depositAndOpen(fx.publisher(), fx.provider(), DEPOSIT);
    Balances before = fx.balances();

    redeemMany(fx, fx.provider(), List.of(fx.sign(fx.publisher(), id, A), fx.sign(fx.publisher(), id, C)));

    assertThat(fx.balances().changesSince(before)).isEqualTo(fx.changes().paid(fx.provider(), C).toMap());
  }

  @Test
  void isAllOrNothing(ChannelsFixture fx) throws Exception {
    List<BigInteger> ids = openThree(fx);
    Credentials publisher = fx.publisher();
    fx.redeem(fx.provider(), fx.sign(publisher, ids.get(1), B));
    List<SignedVoucher> batch = List.of(fx.sign(publisher, ids.get(0), A), fx.sign(publisher, ids.get(1), B));
    Balances before = fx.balances();

    var e = fx.channelsRevert(PaymentChannelsNothingToRedeemException.class, fx.provider(),
        c -> c.redeemMany(List.of(ids.get(0), ids.get(1)), List.of(A, B),
            batch.stream().map(SignedVoucher::signature).toList()));
    assertThat(e.channelId()).as("the failing voucher's channel").isEqualTo(ids.get(1));
    assertThatThrownBy(() -> redeemMany(fx, fx.provider(), batch)).isInstanceOf(TransactionException.class);

    assertThat(fx.balances().changesSince(before)).isEmpty();
    assertThat(fx.channelInfo(ids.get(0)).paid()).isZero();
  }

  @Test
  void rejectsMismatchedOrEmptyBatches(ChannelsFixture fx) throws Exception {
    BigInteger id = fx.depositAndOpen(fx.publisher(), fx.provider(), DEPOSIT);
    byte[] sig = fx.sign(fx.publisher(), id, A).signature();

    var e = fx.channelsRevert(PaymentChannelsRedeemLengthMismatchException.class, fx.provider(),
        c -> c.redeemMany(List.of(id, id), List.of(A), List.of(sig, sig)));
    assertThat(List.of(e.channelIds(), e.cumulativeAmounts(), e.signatures()))
        .containsExactly(BigInteger.TWO, BigInteger.ONE, BigInteger.TWO);
    fx.channelsRevert(PaymentChannelsRedeemLengthMismatchException.class, fx.provider(),
        c -> c.redeemMany(List.of(id), List.of(A), List.of()));

    fx.channelsRevert(PaymentChannelsEmptyBatchException.class, fx.provider(),
        c -> c.redeemMany(List.of(), List.of(), List.of()));
  }
}
