package org.zennet.contracts.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.zennet.contracts.Xen;
import org.zennet.contracts.generated.PaymentChannels;
import org.zennet.contracts.generated.errors.PaymentChannelsInvalidSignerException;
import org.zennet.contracts.generated.errors.PaymentChannelsNotProviderException;
import org.zennet.contracts.testkit.Balances;
import org.zennet.contracts.testkit.ChannelsFixture;
import org.zennet.contracts.testkit.ChannelsFixture.ChannelInfo;
import org.zennet.contracts.testkit.ChannelsFixture.ChannelState;
import org.zennet.contracts.testkit.ChannelsTest;

/** {@code closeByProvider}: the provider is paid its last voucher and the rest goes back to the publisher. */
@ChannelsTest
class CloseByProviderIT {
  private static final BigInteger DEPOSIT = Xen.of(50);
  private static final BigInteger OWED = Xen.of(20).add(BigInteger.valueOf(9));
  private static final byte[] NO_SIGNATURE = new byte[0];

  @Test
  void paysTheVoucherAndReturnsTheRestToTheFreeEscrow(ChannelsFixture fx) throws Exception {
    Credentials provider = fx.provider();
    BigInteger id = fx.depositAndOpen(fx.publisher(), provider, DEPOSIT);
    Balances before = fx.balances();

    TransactionReceipt receipt = fx.closeByProvider(provider, fx.sign(fx.publisher(), id, OWED));

    BigInteger rest = DEPOSIT.subtract(OWED);
    assertThat(fx.balances().changesSince(before)).isEqualTo(
        fx.changes().paid(provider, OWED).escrowChanged(fx.publisher(), rest).toMap());
    assertThat(PaymentChannels.getRedeemedEvents(receipt))
        .extracting(e -> e.channelId, e -> e.provider, e -> e.cumulativeAmount, e -> e.paid)
        .containsExactly(tuple(id, provider.getAddress(), OWED, OWED));
    assertThat(PaymentChannels.getChannelClosedEvents(receipt))
        .extracting(e -> e.channelId, e -> e.paidTotal, e -> e.returned)
        .containsExactly(tuple(id, OWED, rest));
    assertThat(fx.channelState(id)).isEqualTo(ChannelState.CLOSED);
    assertThat(fx.channelInfo(id)).as("a closed channel only remembers its publisher").isEqualTo(new ChannelInfo(
        fx.publisher().getAddress(), "0x0000000000000000000000000000000000000000", BigInteger.ZERO, BigInteger.ZERO,
        BigInteger.ZERO));
  }

  @Test
  void afterARedeemPaysOnlyTheDelta(ChannelsFixture fx) throws Exception {
    Credentials provider = fx.provider();
    BigInteger id = fx.depositAndOpen(fx.publisher(), provider, DEPOSIT);
    BigInteger first = Xen.of(8);
    fx.redeem(provider, fx.sign(fx.publisher(), id, first));
    Balances before = fx.balances();

    TransactionReceipt receipt = fx.closeByProvider(provider, fx.sign(fx.publisher(), id, OWED));

    BigInteger delta = OWED.subtract(first);
    assertThat(fx.balances().changesSince(before)).isEqualTo(
        fx.changes().paid(provider, delta).escrowChanged(fx.publisher(), DEPOSIT.subtract(OWED)).toMap());
    assertThat(PaymentChannels.getRedeemedEvents(receipt)).extracting(e -> e.paid).containsExactly(delta);
    assertThat(PaymentChannels.getChannelClosedEvents(receipt)).extracting(e -> e.paidTotal, e -> e.returned)
        .containsExactly(tuple(OWED, DEPOSIT.subtract(OWED)));
  }

  @Test
  void withAnAlreadyRedeemedVoucherOrNoneItOnlyReturnsTheRest(ChannelsFixture fx) throws Exception {
    Credentials provider = fx.provider();
    BigInteger redeemed = fx.depositAndOpen(fx.publisher(), provider, DEPOSIT);
    SignedVoucher voucher = fx.sign(fx.publisher(), redeemed, OWED);
    fx.redeem(provider, voucher);
    BigInteger untouched = fx.depositAndOpen(fx.publisher(), provider, DEPOSIT);
    Balances before = fx.balances();

    TransactionReceipt again = fx.closeByProvider(provider, voucher);
    TransactionReceipt giveUp = fx.channels(provider).closeByProvider(untouched, BigInteger.ZERO, NO_SIGNATURE).send();

    assertThat(fx.balances().changesSince(before)).isEqualTo(
        fx.changes().escrowChanged(fx.publisher(), DEPOSIT.subtract(OWED).add(DEPOSIT)).toMap());
    assertThat(PaymentChannels.getRedeemedEvents(again)).isEmpty();
    assertThat(PaymentChannels.getChannelClosedEvents(again)).extracting(e -> e.paidTotal, e -> e.returned)
        .containsExactly(tuple(OWED, DEPOSIT.subtract(OWED)));
    assertThat(PaymentChannels.getChannelClosedEvents(giveUp)).extracting(e -> e.paidTotal, e -> e.returned)
        .containsExactly(tuple(BigInteger.ZERO, DEPOSIT));
  }

  @Test
  void theProviderMayCloseDuringTheChallengePeriod(ChannelsFixture fx) throws Exception {
    Credentials provider = fx.provider();
    BigInteger id = fx.depositAndOpen(fx.publisher(), provider, DEPOSIT);
    fx.channels(fx.publisher()).startClose(id).send();
    fx.dev().advanceTime(ChannelsFixture.CHALLENGE_PERIOD.toSeconds() / 2);
    Balances before = fx.balances();

    fx.closeByProvider(provider, fx.sign(fx.publisher(), id, OWED));

    assertThat(fx.balances().changesSince(before)).isEqualTo(
        fx.changes().paid(provider, OWED).escrowChanged(fx.publisher(), DEPOSIT.subtract(OWED)).toMap());
    assertThat(fx.channelState(id)).isEqualTo(ChannelState.CLOSED);
  }

  @Test
  void onlyTheProviderMayClose(ChannelsFixture fx) throws Exception {
    BigInteger id = fx.depositAndOpen(fx.publisher(), fx.provider(), DEPOSIT);
    SignedVoucher voucher = fx.sign(fx.publisher(), id, OWED);

    for (Credentials other : new Credentials[] {fx.publisher(), fx.stranger()}) {
      var e = fx.channelsRevert(PaymentChannelsNotProviderException.class, other,
          c -> c.closeByProvider(id, OWED, voucher.signature()));
      assertThat(e.channelId()).isEqualTo(id);
      assertThat(e.caller()).isEqualToIgnoringCase(other.getAddress());
    }
  }

  @Test
  void aVoucherThatPaysMoreMustBeThePublishers(ChannelsFixture fx) throws Exception {
    BigInteger id = fx.depositAndOpen(fx.publisher(), fx.provider(), DEPOSIT);
    SignedVoucher selfSigned = fx.sign(fx.provider(), id, DEPOSIT);

    var e = fx.channelsRevert(PaymentChannelsInvalidSignerException.class, fx.provider(),
        c -> c.closeByProvider(id, DEPOSIT, selfSigned.signature()));

    assertThat(e.signer()).isEqualToIgnoringCase(fx.provider().getAddress());
  }
}
