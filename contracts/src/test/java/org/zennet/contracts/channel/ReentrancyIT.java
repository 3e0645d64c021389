package org.zennet.contracts.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.web3j.protocol.core.RemoteFunctionCall;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;
import org.zennet.contracts.Xen;
import org.zennet.contracts.devchain.DevChain;
import org.zennet.contracts.generated.errors.ReentrancyGuardReentrantCallException;
import org.zennet.contracts.testkit.AnvilExtension;
import org.zennet.contracts.testkit.Balances;
import org.zennet.contracts.testkit.ChannelsFixture;
import org.zennet.contracts.testkit.ChannelsFixture.ChannelState;
import org.zennet.contracts.testkit.generated.ReentrantToken;

/**
 * Re-entry through a hostile token: PaymentChannels over {@link ReentrantToken}, armed so that the token's next
 * transfer first calls back into the channels contract. Every callback fails with
 * {@code ReentrancyGuardReentrantCall}, and balances show that each outer call paid exactly once. Where the
 * token can be a legitimate caller, the callback is a call that would succeed on its own (a higher voucher, a
 * settleable channel), so it is the guard, not some later check, that stops it. {@code settle} makes no token
 * transfer, so it is only a callback target.
 */
@ExtendWith(AnvilExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReentrancyIT {
  private static final BigInteger DEPOSIT = Xen.of(50);
  private static final BigInteger FIRST = Xen.of(20).add(BigInteger.valueOf(3));
  private static final BigInteger MORE = Xen.of(40);

  private ChannelsFixture fx;

  @BeforeAll
  void deploy(DevChain dev) throws Exception {
    fx = ChannelsFixture.deployWithReentrantToken(dev);
  }

  @AfterAll
  void disconnect() {
    fx.close();
  }

  @Test
  void redeemCannotBeReenteredDuringItsTransfer() throws Exception {
    BigInteger id = fx.depositAndOpen(fx.publisher(), fx.provider(), DEPOSIT);
    arm(fx.channels(fx.stranger()).redeem(id, MORE, fx.sign(fx.publisher(), id, MORE).signature()));
    Balances before = fx.balances();

    TransactionReceipt receipt = fx.redeem(fx.provider(), fx.sign(fx.publisher(), id, FIRST));

    expectCallbackRejected(receipt);
    assertThat(fx.balances().changesSince(before)).containsOnly(
        entry(fx.tokens(fx.provider()), FIRST), entry(fx.tokens(fx.channelsAddress()), FIRST.negate()));
    assertThat(fx.channelInfo(id).paid()).isEqualTo(FIRST);
  }

  @Test
  void redeemManyCannotBeReenteredDuringItsTransfers() throws Exception {
    BigInteger id = fx.depositAndOpen(fx.publisher(), fx.provider(), DEPOSIT);
    SignedVoucher more = fx.sign(fx.publisher(), id, MORE);
    arm(fx.channels(fx.stranger()).redeemMany(List.of(id), List.of(MORE), List.of(more.signature())));
    Balances before = fx.balances();

    TransactionReceipt receipt = fx.channels(fx.provider()).redeemMany(List.of(id), List.of(FIRST),
        List.of(fx.sign(fx.publisher(), id, FIRST).signature())).send();

    expectCallbackRejected(receipt);
    assertThat(fx.balances().changesSince(before)).containsOnly(
        entry(fx.tokens(fx.provider()), FIRST), entry(fx.tokens(fx.channelsAddress()), FIRST.negate()));
  }

  @Test
  void settleCannotBeEnteredDuringACloseByProvider() throws Exception {
    BigInteger settleable = fx.depositAndOpen(fx.publisher(), fx.secondProvider(), DEPOSIT);
    fx.channels(fx.publisher()).startClose(settleable).send();
    fx.dev().advanceTime(ChannelsFixture.CHALLENGE_PERIOD.toSeconds());
    BigInteger id = fx.depositAndOpen(fx.publisher(), fx.provider(), DEPOSIT);
    arm(fx.channels(fx.stranger()).settle(settleable));
    Balances before = fx.balances();

    TransactionReceipt receipt = fx.closeByProvider(fx.provider(), fx.sign(fx.publisher(), id, FIRST));

    expectCallbackRejected(receipt);
    assertThat(fx.balances().changesSince(before)).containsOnly(
        entry(fx.tokens(fx.provider()), FIRST),
        entry(fx.tokens(fx.channelsAddress()), FIRST.negate()),
        entry(fx.escrow(fx.publisher()), DEPOSIT.subtract(FIRST)));
    assertThat(fx.channelState(settleable)).as("the callback's settle was undone").isEqualTo(ChannelState.CLOSING);
  }

  @Test
  void closeByProviderCannotBeEnteredDuringARedeem() throws Exception {
    BigInteger id = fx.depositAndOpen(fx.publisher(), fx.provider(), DEPOSIT);
    arm(fx.channels(fx.stranger()).closeByProvider(id, MORE, fx.sign(fx.publisher(), id, MORE).signature()));
    Balances before = fx.balances();

    TransactionReceipt receipt = fx.redeem(fx.stranger(), fx.sign(fx.publisher(), id, FIRST));

    expectCallbackRejected(receipt);
    assertThat(fx.balances().changesSince(before)).containsOnly(
        entry(fx.tokens(fx.provider()), FIRST), entry(fx.tokens(fx.channelsAddress()), FIRST.negate()));
    assertThat(fx.channelState(id)).isEqualTo(ChannelState.OPEN);
  }

  @Test
  void withdrawCannotBeReenteredDuringItsTransfer() throws Exception {
    fx.deposit(fx.publisher(), DEPOSIT);
    arm(fx.channels(fx.stranger()).withdraw(FIRST));
    Balances before = fx.balances();

    TransactionReceipt receipt = fx.channels(fx.publisher()).withdraw(FIRST).send();

    expectCallbackRejected(receipt);
    assertThat(fx.balances().changesSince(before)).containsOnly(
        entry(fx.tokens(fx.publisher()), FIRST),
        entry(fx.tokens(fx.channelsAddress()), FIRST.negate()),
        entry(fx.escrow(fx.publisher()), FIRST.negate()));
  }

  @Test
  void withdrawCannotBeEnteredDuringADeposit() throws Exception {
    fx.token(fx.publisher()).approve(fx.channelsAddress(), DEPOSIT).send();
    arm(fx.channels(fx.stranger()).withdraw(FIRST));
    Balances before = fx.balances();

    TransactionReceipt receipt = fx.channels(fx.publisher()).deposit(DEPOSIT).send();

    expectCallbackRejected(receipt);
    assertThat(fx.balances().changesSince(before)).containsOnly(
        entry(fx.tokens(fx.publisher()), DEPOSIT.negate()),
        entry(fx.tokens(fx.channelsAddress()), DEPOSIT),
        entry(fx.escrow(fx.publisher()), DEPOSIT));
  }

  /** Arms the token: its next transfer first calls {@code callback} on the channels contract. */
  private void arm(RemoteFunctionCall<?> callback) throws Exception {
    fx.reentrantToken(fx.stranger()).arm(fx.channelsAddress(),
        Numeric.hexStringToByteArray(callback.encodeFunctionCall())).send();
  }

  /** The armed callback was made once, during {@code receipt}'s transaction, and the guard rejected it. */
  private void expectCallbackRejected(TransactionReceipt receipt) throws Exception {
    ReentrantToken token = fx.reentrantToken(fx.stranger());
    assertThat(token.callbackCount().send()).isEqualTo(BigInteger.ONE);
    assertThat(token.lastCallbackFailed().send()).isTrue();
    ChannelsFixture.expected(ReentrancyGuardReentrantCallException.class,
        Numeric.toHexString(token.lastCallbackData().send()));
    assertThat(ReentrantToken.getCallbackMadeEvents(receipt)).singleElement()
        .satisfies(e -> assertThat(e.failed).isTrue());
  }
}
