package org.zennet.contracts.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.math.BigInteger;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.exceptions.TransactionException;
import org.zennet.contracts.Xen;
import org.zennet.contracts.generated.PaymentChannels;
import org.zennet.contracts.generated.errors.ECDSAInvalidSignatureException;
import org.zennet.contracts.generated.errors.ECDSAInvalidSignatureLengthException;
import org.zennet.contracts.generated.errors.PaymentChannelsInvalidSignerException;
import org.zennet.contracts.generated.errors.PaymentChannelsNothingToRedeemException;
import org.zennet.contracts.generated.errors.PaymentChannelsUnknownChannelException;
import org.zennet.contracts.testkit.Balances;
import org.zennet.contracts.testkit.ChannelsFixture;
import org.zennet.contracts.testkit.ChannelsTest;

/** {@code redeem}: a cumulative voucher pays the provider what it still owes, whoever submits it. */
@ChannelsTest
class RedeemIT {
  private static final BigInteger DEPOSIT = Xen.of(50);
  private static final BigInteger FIRST = Xen.of(12).add(BigInteger.valueOf(3));
  private static final BigInteger SECOND = Xen.of(27).add(BigInteger.valueOf(11));

  @Test
  void redeemPaysTheProviderTheVouchersAmount(ChannelsFixture fx) throws Exception {
    Credentials provider = fx.provider();
    BigInteger id = fx.depositAndOpen(fx.publisher(), provider, DEPOSIT);
    Balances before = fx.balances();

    TransactionReceipt receipt = fx.redeem(provider, fx.sign(fx.publisher(), id, FIRST));

    assertThat(fx.balances().changesSince(before)).isEqualTo(fx.changes().paid(provider, FIRST).toMap());
    assertThat(fx.channelInfo(id).paid()).isEqualTo(FIRST);
    assertThat(fx.channelInfo(id).deposit()).isEqualTo(DEPOSIT);
    assertThat(PaymentChannels.getRedeemedEvents(receipt))
        .extracting(e -> e.channelId, e -> e.provider, e -> e.cumulativeAmount, e -> e.paid)
        .containsExactly(tuple(id, provider.getAddress(), FIRST, FIRST));
  }

  @Test
  void redeemPaysOnlyTheDelta(ChannelsFixture fx) throws Exception {
    Credentials provider = fx.provider();
    BigInteger id = fx.depositAndOpen(fx.publisher(), provider, DEPOSIT);
    fx.redeem(provider, fx.sign(fx.publisher(), id, FIRST));
    Balances before = fx.balances();

    TransactionReceipt receipt = fx.redeem(provider, fx.sign(fx.publisher(), id, SECOND));

    BigInteger delta = SECOND.subtract(FIRST);
    assertThat(fx.balances().changesSince(before)).isEqualTo(fx.changes().paid(provider, delta).toMap());
    assertThat(fx.channelInfo(id).paid()).isEqualTo(SECOND);
    assertThat(PaymentChannels.getRedeemedEvents(receipt)).extracting(e -> e.cumulativeAmount, e -> e.paid)
        .containsExactly(tuple(SECOND, delta));
  }

  @Test
  void anyoneMaySubmitAVoucherAndTheProviderIsPaid(ChannelsFixture fx) throws Exception {
    Credentials watcher = fx.stranger();
    BigInteger id = fx.depositAndOpen(fx.publisher(), fx.provider(), DEPOSIT);
    Balances before = fx.balances();

    fx.redeem(watcher, fx.sign(fx.publisher(), id, FIRST));

    assertThat(fx.balances().changesSince(before)).isEqualTo(fx.changes().paid(fx.provider(), FIRST).toMap());
  }

  @Test
  void aVoucherAboveTheDepositPaysTheDepositAndNothingMore(ChannelsFixture fx) throws Exception {
    BigInteger id = fx.depositAndOpen(fx.publisher(), fx.provider(), DEPOSIT);
    SignedVoucher tooBig = fx.sign(fx.publisher(), id, DEPOSIT.add(Xen.of(1)));
    Balances before = fx.balances();

    TransactionReceipt receipt = fx.redeem(fx.provider(), tooBig);

    assertThat(fx.balances().changesSince(before)).isEqualTo(fx.changes().paid(fx.provider(), DEPOSIT).toMap());
    assertThat(PaymentChannels.getRedeemedEvents(receipt)).extracting(e -> e.cumulativeAmount, e -> e.paid)
        .containsExactly(tuple(DEPOSIT.add(Xen.of(1)), DEPOSIT));
    var e = fx.channelsRevert(PaymentChannelsNothingToRedeemException.class, fx.provider(),
        c -> c.redeem(id, tooBig.voucher().cumulativeAmount(), tooBig.signature()));
    assertThat(e.channelId()).isEqualTo(id);
  }

  @Test
  void rejectsAReplayedOrOlderVoucher(ChannelsFixture fx) throws Exception {
    BigInteger id = fx.depositAndOpen(fx.publisher(), fx.provider(), DEPOSIT);
    SignedVoucher older = fx.sign(fx.publisher(), id, FIRST);
    SignedVoucher newer = fx.sign(fx.publisher(), id, SECOND);
    fx.redeem(fx.provider(), newer);

    for (SignedVoucher stale : new SignedVoucher[] {newer, older}) {
      var e = fx.channelsRevert(PaymentChannelsNothingToRedeemException.class, fx.stranger(),
          c -> c.redeem(id, stale.voucher().cumulativeAmount(), stale.signature()));
      assertThat(e.channelId()).isEqualTo(id);
    }
    assertThatThrownBy(() -> fx.redeem(fx.provider(), newer)).as("the transaction itself reverts too")
        .isInstanceOf(TransactionException.class);
    assertThat(fx.channelInfo(id).paid()).isEqualTo(SECOND);
  }

  @Test
  void rejectsVoucherSignedByAnotherKey(ChannelsFixture fx) throws Exception {
    BigInteger id = fx.depositAndOpen(fx.publisher(), fx.provider(), DEPOSIT);
    SignedVoucher forged = fx.sign(fx.provider(), id, FIRST);

    var e = fx.channelsRevert(PaymentChannelsInvalidSignerException.class, fx.provider(),
        c -> c.redeem(id, FIRST, forged.signature()));

    assertThat(e.channelId()).isEqualTo(id);
    assertThat(e.signer()).isEqualToIgnoringCase(fx.provider().getAddress());
    assertThatThrownBy(() -> fx.vouchers().verify(forged, fx.publisher().getAddress()))
        .isInstanceOf(InvalidVoucherException.class);
  }

  @Test
  void rejectsMalformedSignatures(ChannelsFixture fx) throws Exception {
    BigInteger id = fx.depositAndOpen(fx.publisher(), fx.provider(), DEPOSIT);
    byte[] good = fx.sign(fx.publisher(), id, FIRST).signature();

    var shortSig = fx.channelsRevert(ECDSAInvalidSignatureLengthException.class, fx.provider(),
        c -> c.redeem(id, FIRST, Arrays.copyOf(good, 64)));
    assertThat(shortSig.length()).isEqualTo(BigInteger.valueOf(64));

    byte[] badV = good.clone();
    badV[64] = 29;
    fx.channelsRevert(ECDSAInvalidSignatureException.class, fx.provider(), c -> c.redeem(id, FIRST, badV));
  }

  @Test
  void rejectsAVoucherForAChannelThatWasNeverOpened(ChannelsFixture fx) throws Exception {
    BigInteger id = fx.depositAndOpen(fx.publisher(), fx.provider(), DEPOSIT);
    BigInteger next = id.add(BigInteger.ONE);
    SignedVoucher voucher = fx.sign(fx.publisher(), next, FIRST);

    var e = fx.channelsRevert(PaymentChannelsUnknownChannelException.class, fx.provider(),
        c -> c.redeem(next, FIRST, voucher.signature()));

    assertThat(e.channelId()).isEqualTo(next);
  }
}
