package org.zennet.contracts.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.zennet.contracts.Xen;
import org.zennet.contracts.devchain.DevChain;
import org.zennet.contracts.devchain.DevChainConfig;
import org.zennet.contracts.generated.errors.ECDSAInvalidSignatureSException;
import org.zennet.contracts.generated.errors.PaymentChannelsAlreadyClosedException;
import org.zennet.contracts.generated.errors.PaymentChannelsChallengePeriodActiveException;
import org.zennet.contracts.generated.errors.PaymentChannelsChallengePeriodOverException;
import org.zennet.contracts.generated.errors.PaymentChannelsInvalidSignerException;
import org.zennet.contracts.testkit.Balances;
import org.zennet.contracts.testkit.ChannelsFixture;
import org.zennet.contracts.testkit.ChannelsFixture.ChannelState;
import org.zennet.contracts.testkit.ChannelsTest;

/**
 * What a dishonest party may try with vouchers and closes: replay across channels and chains, malleated or
 * forged signatures, redeeming too late, settling too early. Each is refused by the contract, and the
 * signature attacks by the Java verifier too. (Re-entrancy through the token: {@link ReentrancyIT}.)
 */
@ChannelsTest
class AttacksIT {
  private static final BigInteger DEPOSIT = Xen.of(50);
  private static final BigInteger AMOUNT = Xen.of(20).add(BigInteger.valueOf(7));
  private static final long PERIOD = ChannelsFixture.CHALLENGE_PERIOD.toSeconds();
  private static final long OTHER_CHAIN_ID = 31338;

  @Test
  void rejectsAVoucherForOneChannelSubmittedOnAnother(ChannelsFixture fx) throws Exception {
    Credentials publisher = fx.publisher();
    fx.deposit(publisher, DEPOSIT.multiply(BigInteger.TWO));
    List<BigInteger> ids = ChannelsFixture.openedIds(fx.openChannels(publisher, BigInteger.ONE,
        List.of(fx.provider(), fx.provider()), List.of(DEPOSIT, DEPOSIT)));
    SignedVoucher forA = fx.sign(publisher, ids.get(0), AMOUNT);

    var e = fx.channelsRevert(PaymentChannelsInvalidSignerException.class, fx.provider(),
        c -> c.redeem(ids.get(1), AMOUNT, forA.signature()));

    assertThat(e.channelId()).isEqualTo(ids.get(1));
    assertThat(e.signer()).isNotEqualToIgnoringCase(publisher.getAddress());
    SignedVoucher movedToB = new SignedVoucher(new Voucher(ids.get(1), AMOUNT), forA.signature());
    assertThatThrownBy(() -> fx.vouchers().verify(movedToB, publisher.getAddress()))
        .isInstanceOf(InvalidVoucherException.class);
  }

  @Test
  void rejectsAVoucherSignedForAnotherChain(ChannelsFixture fx) throws Exception {
    try (DevChain otherDev = DevChain.start(DevChainConfig.DEFAULT.withChainId(OTHER_CHAIN_ID));
        ChannelsFixture other = ChannelsFixture.deploy(otherDev)) {
      // Same deployer, same nonces: the same contract address and channel id on both chains.
      BigInteger here = fx.depositAndOpen(fx.publisher(), fx.provider(), DEPOSIT);
      BigInteger there = other.depositAndOpen(other.publisher(), other.provider(), DEPOSIT);
      assertThat(other.channelsAddress()).isEqualTo(fx.channelsAddress());
      assertThat(there).isEqualTo(here);
      assertThat(other.chain().chainId()).isEqualTo(OTHER_CHAIN_ID).isNotEqualTo(fx.chain().chainId());
      SignedVoucher signedHere = fx.sign(fx.publisher(), here, AMOUNT);

      var e = other.channelsRevert(PaymentChannelsInvalidSignerException.class, other.provider(),
          c -> c.redeem(there, AMOUNT, signedHere.signature()));
      assertThat(e.signer()).isNotEqualToIgnoringCase(fx.publisher().getAddress());
      assertThatThrownBy(() -> other.vouchers().verify(signedHere, fx.publisher().getAddress()))
          .isInstanceOf(InvalidVoucherException.class);

      // The same voucher is good on the chain it was signed for.
      fx.vouchers().verify(signedHere, fx.publisher().getAddress());
      fx.redeem(fx.provider(), signedHere);
      assertThat(fx.channelInfo(here).paid()).isEqualTo(AMOUNT);
      assertThat(other.channelInfo(there).paid()).isZero();
    }
  }

  @Test
  void rejectsTheMalleatedHighSTwinOfAValidSignature(ChannelsFixture fx) throws Exception {
    BigInteger id = fx.depositAndOpen(fx.publisher(), fx.provider(), DEPOSIT);
    SignedVoucher valid = fx.sign(fx.publisher(), id, AMOUNT);
    SignedVoucher twin = Malleability.twin(valid);

    var e = fx.channelsRevert(ECDSAInvalidSignatureSException.class, fx.provider(),
        c -> c.redeem(id, AMOUNT, twin.signature()));

    assertThat(e.s()).isEqualTo(Arrays.copyOfRange(twin.signature(), 32, 64));
    assertThatThrownBy(() -> fx.vouchers().recoverSigner(twin)).isInstanceOf(InvalidVoucherException.class)
        .hasMessageContaining("malleable");
    fx.redeem(fx.provider(), valid);
    assertThat(fx.channelInfo(id).paid()).isEqualTo(AMOUNT);
  }

  @Test
  void rejectsAVoucherSignedBySomeoneOtherThanThePublisher(ChannelsFixture fx) throws Exception {
    BigInteger id = fx.depositAndOpen(fx.publisher(), fx.provider(), DEPOSIT);
    // A publisher of another channel cannot sign for this one either.
    fx.depositAndOpen(fx.stranger(), fx.provider(), DEPOSIT);
    SignedVoucher forged = fx.sign(fx.stranger(), id, AMOUNT);

    var e = fx.channelsRevert(PaymentChannelsInvalidSignerException.class, fx.provider(),
        c -> c.redeem(id, AMOUNT, forged.signature()));

    assertThat(e.channelId()).isEqualTo(id);
    assertThat(e.signer()).isEqualToIgnoringCase(fx.stranger().getAddress());
    assertThatThrownBy(() -> fx.vouchers().verify(forged, fx.publisher().getAddress()))
        .isInstanceOf(InvalidVoucherException.class).hasMessageContaining("not by the channel's publisher");
  }

  @Test
  void aSettledChannelPaysNoMore(ChannelsFixture fx) throws Exception {
    BigInteger id = fx.depositAndOpen(fx.publisher(), fx.provider(), DEPOSIT);
    SignedVoucher late = fx.sign(fx.publisher(), id, AMOUNT);
    fx.channels(fx.publisher()).startClose(id).send();
    fx.dev().advanceTime(PERIOD);
    fx.channels(fx.stranger()).settle(id).send();

    expectClosed(fx, id, late);
    var e = fx.channelsRevert(PaymentChannelsAlreadyClosedException.class, fx.stranger(), c -> c.settle(id));
    assertThat(e.channelId()).isEqualTo(id);
  }

  @Test
  void aChannelClosedByItsProviderPaysNoMore(ChannelsFixture fx) throws Exception {
    BigInteger id = fx.depositAndOpen(fx.publisher(), fx.provider(), DEPOSIT);
    fx.closeByProvider(fx.provider(), fx.sign(fx.publisher(), id, AMOUNT));

    expectClosed(fx, id, fx.sign(fx.publisher(), id, DEPOSIT));
    fx.channelsRevert(PaymentChannelsAlreadyClosedException.class, fx.publisher(), c -> c.startClose(id));
    fx.channelsRevert(PaymentChannelsAlreadyClosedException.class, fx.publisher(), c -> c.topUp(id, BigInteger.ONE));
  }

  /** Every way to take money out of closed channel {@code id} with {@code voucher} is refused; nothing moves. */
  private static void expectClosed(ChannelsFixture fx, BigInteger id, SignedVoucher voucher) throws Exception {
    Balances before = fx.balances();
    BigInteger amount = voucher.voucher().cumulativeAmount();
    byte[] sig = voucher.signature();
    fx.channelsRevert(PaymentChannelsAlreadyClosedException.class, fx.provider(), c -> c.redeem(id, amount, sig));
    fx.channelsRevert(PaymentChannelsAlreadyClosedException.class, fx.provider(),
        c -> c.closeByProvider(id, amount, sig));
    fx.channelsRevert(PaymentChannelsAlreadyClosedException.class, fx.provider(),
        c -> c.redeemMany(List.of(id), List.of(amount), List.of(sig)));
    assertThat(fx.channelState(id)).isEqualTo(ChannelState.CLOSED);
    assertThat(fx.balances().changesSince(before)).isEmpty();
  }

  @Test
  void theChallengePeriodCannotBeCutShort(ChannelsFixture fx) throws Exception {
    BigInteger id = fx.depositAndOpen(fx.publisher(), fx.provider(), DEPOSIT);
    fx.channels(fx.publisher()).startClose(id).send();
    BigInteger closesAt = fx.channelInfo(id).closesAt();
    fx.dev().advanceTime(PERIOD - 60);

    for (Credentials who : new Credentials[] {fx.publisher(), fx.stranger()}) {
      var e = fx.channelsRevert(PaymentChannelsChallengePeriodActiveException.class, who, c -> c.settle(id));
      assertThat(e.channelId()).isEqualTo(id);
      assertThat(e.closesAt()).isEqualTo(closesAt);
    }
  }

  @Test
  void vouchersAreDeadOnceTheChallengePeriodIsOver(ChannelsFixture fx) throws Exception {
    BigInteger id = fx.depositAndOpen(fx.publisher(), fx.provider(), DEPOSIT);
    SignedVoucher voucher = fx.sign(fx.publisher(), id, AMOUNT);
    fx.channels(fx.publisher()).startClose(id).send();
    BigInteger closesAt = fx.channelInfo(id).closesAt();
    fx.dev().advanceTime(PERIOD + 1);

    var redeem = fx.channelsRevert(PaymentChannelsChallengePeriodOverException.class, fx.provider(),
        c -> c.redeem(id, AMOUNT, voucher.signature()));
    assertThat(redeem.channelId()).isEqualTo(id);
    assertThat(redeem.closesAt()).isEqualTo(closesAt);
    fx.channelsRevert(PaymentChannelsChallengePeriodOverException.class, fx.provider(),
        c -> c.closeByProvider(id, AMOUNT, voucher.signature()));

    Balances before = fx.balances();
    fx.channels(fx.stranger()).settle(id).send();
    assertThat(fx.balances().changesSince(before)).as("the whole deposit goes back to the publisher")
        .isEqualTo(fx.changes().escrowChanged(fx.publisher(), DEPOSIT).toMap());
  }

  @Test
  void aClosedChannelsIdIsNeverReused(ChannelsFixture fx) throws Exception {
    BigInteger closed = fx.depositAndOpen(fx.publisher(), fx.provider(), DEPOSIT);
    SignedVoucher old = fx.sign(fx.publisher(), closed, AMOUNT);
    fx.closeByProvider(fx.provider(), old);

    BigInteger reopened = fx.depositAndOpen(fx.publisher(), fx.provider(), DEPOSIT);

    assertThat(reopened).isGreaterThan(closed);
    fx.channelsRevert(PaymentChannelsInvalidSignerException.class, fx.provider(),
        c -> c.redeem(reopened, AMOUNT, old.signature()));
    fx.channelsRevert(PaymentChannelsAlreadyClosedException.class, fx.provider(),
        c -> c.redeem(closed, DEPOSIT, fx.sign(fx.publisher(), closed, DEPOSIT).signature()));
  }
}
