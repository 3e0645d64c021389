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
import org.zennet.contracts.generated.errors.PaymentChannelsCloseNotStartedException;
import org.zennet.contracts.generated.errors.PaymentChannelsNotPublisherException;
import org.zennet.contracts.testkit.Balances;
import org.zennet.contracts.testkit.ChannelsFixture;
import org.zennet.contracts.testkit.ChannelsFixture.ChannelState;
import org.zennet.contracts.testkit.ChannelsTest;

/**
 * The publisher's close: {@code startClose}, vouchers stay redeemable for the challenge period, then anyone may
 * {@code settle}. Time is stepped with {@code DevChain.advanceTime}, never slept.
 */
@ChannelsTest
class StartCloseAndSettleIT {
  private static final BigInteger DEPOSIT = Xen.of(50);
  private static final BigInteger OWED = Xen.of(17).add(BigInteger.valueOf(5));
  private static final long PERIOD = ChannelsFixture.CHALLENGE_PERIOD.toSeconds();

  @Test
  void startCloseEndsTheChallengePeriodOnePeriodAhead(ChannelsFixture fx) throws Exception {
    BigInteger id = fx.depositAndOpen(fx.publisher(), fx.provider(), DEPOSIT);
    Balances before = fx.balances();

    TransactionReceipt receipt = fx.channels(fx.publisher()).startClose(id).send();

    BigInteger closesAt = fx.blockTime(receipt).add(BigInteger.valueOf(PERIOD));
    assertThat(fx.channels(fx.publisher()).challengePeriod().send()).isEqualTo(BigInteger.valueOf(PERIOD));
    assertThat(PaymentChannels.getCloseStartedEvents(receipt)).extracting(e -> e.channelId, e -> e.closesAt)
        .containsExactly(tuple(id, closesAt));
    assertThat(fx.channelInfo(id).closesAt()).isEqualTo(closesAt);
    assertThat(fx.channelState(id)).isEqualTo(ChannelState.CLOSING);
    assertThat(fx.balances().changesSince(before)).isEmpty();
  }

  @Test
  void vouchersStayRedeemableDuringTheChallengePeriod(ChannelsFixture fx) throws Exception {
    BigInteger id = fx.depositAndOpen(fx.publisher(), fx.provider(), DEPOSIT);
    fx.channels(fx.publisher()).startClose(id).send();
    fx.dev().advanceTime(PERIOD - 60);
    Balances before = fx.balances();

    fx.redeem(fx.stranger(), fx.sign(fx.publisher(), id, OWED));

    assertThat(fx.balances().changesSince(before)).isEqualTo(fx.changes().paid(fx.provider(), OWED).toMap());
  }

  @Test
  void anyoneSettlesAfterTheChallengePeriodAndTheRestReturnsToTheFreeEscrow(ChannelsFixture fx) throws Exception {
    Credentials publisher = fx.publisher();
    BigInteger id = fx.depositAndOpen(publisher, fx.provider(), DEPOSIT);
    fx.redeem(fx.provider(), fx.sign(publisher, id, OWED));
    fx.channels(publisher).startClose(id).send();
    fx.dev().advanceTime(PERIOD);
    Balances before = fx.balances();

    TransactionReceipt receipt = fx.channels(fx.stranger()).settle(id).send();

    BigInteger rest = DEPOSIT.subtract(OWED);
    assertThat(fx.balances().changesSince(before)).isEqualTo(fx.changes().escrowChanged(publisher, rest).toMap());
    assertThat(PaymentChannels.getChannelClosedEvents(receipt))
        .extracting(e -> e.channelId, e -> e.paidTotal, e -> e.returned)
        .containsExactly(tuple(id, OWED, rest));
    assertThat(fx.channelState(id)).isEqualTo(ChannelState.CLOSED);

    fx.channels(publisher).withdraw(rest).send();
    assertThat(fx.tokenBalance(publisher.getAddress())).isEqualTo(ChannelsFixture.ACCOUNT_TOKENS.subtract(OWED));
  }

  @Test
  void onlyThePublisherMayStartTheClose(ChannelsFixture fx) throws Exception {
    BigInteger id = fx.depositAndOpen(fx.publisher(), fx.provider(), DEPOSIT);

    var e = fx.channelsRevert(PaymentChannelsNotPublisherException.class, fx.provider(), c -> c.startClose(id));

    assertThat(e.channelId()).isEqualTo(id);
    assertThat(e.caller()).isEqualToIgnoringCase(fx.provider().getAddress());
  }

  @Test
  void theCloseStartsOnce(ChannelsFixture fx) throws Exception {
    BigInteger id = fx.depositAndOpen(fx.publisher(), fx.provider(), DEPOSIT);
    fx.channels(fx.publisher()).startClose(id).send();
    BigInteger closesAt = fx.channelInfo(id).closesAt();
    fx.dev().advanceTime(10);

    var e = fx.channelsRevert(PaymentChannelsCloseAlreadyStartedException.class, fx.publisher(), c -> c.startClose(id));

    assertThat(e.closesAt()).as("the first close's deadline stands").isEqualTo(closesAt);
  }

  @Test
  void anOpenChannelCannotBeSettled(ChannelsFixture fx) throws Exception {
    BigInteger id = fx.depositAndOpen(fx.publisher(), fx.provider(), DEPOSIT);

    var e = fx.channelsRevert(PaymentChannelsCloseNotStartedException.class, fx.publisher(), c -> c.settle(id));

    assertThat(e.channelId()).isEqualTo(id);
  }
}
