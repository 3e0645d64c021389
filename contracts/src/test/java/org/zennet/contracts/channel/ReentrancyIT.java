package org.zennet.contracts.channel;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
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
import org.zennet.contracts.testkit.Balances.Holding;
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

    var changes = duringWhich(fx.channels(fx.stranger()).redeem(id, MORE, voucher(id, MORE).signature()),
        () -> fx.redeem(fx.provider(), voucher(id, FIRST)));

    assertThat(changes).isEqualTo(fx.changes().paid(fx.provider(), FIRST).toMap());
    assertThat(fx.channelInfo(id).paid()).isEqualTo(FIRST);
  }

  @Test
  void redeemManyCannotBeReenteredDuringItsTransfers() throws Exception {
    BigInteger id = fx.depositAndOpen(fx.publisher(), fx.provider(), DEPOSIT);
    var channels = fx.channels(fx.provider());

    var changes = duringWhich(
        channels.redeemMany(List.of(id), List.of(MORE), List.of(voucher(id, MORE).signature())),
        () -> channels.redeemMany(List.of(id), List.of(FIRST), List.of(voucher(id, FIRST).signature())).send());

    assertThat(changes).isEqualTo(fx.changes().paid(fx.provider(), FIRST).toMap());
  }

  @Test
  void settleCannotBeEnteredDuringACloseByProvider() throws Exception {
    BigInteger settleable = fx.depositAndOpen(fx.publisher(), fx.secondProvider(), DEPOSIT);
    fx.channels(fx.publisher()).startClose(settleable).send();
    fx.dev().advanceTime(ChannelsFixture.CHALLENGE_PERIOD.toSeconds());
    BigInteger id = fx.depositAndOpen(fx.publisher(), fx.provider(), DEPOSIT);

    var changes = duringWhich(fx.channels(fx.stranger()).settle(settleable),
        () -> fx.closeByProvider(fx.provider(), voucher(id, FIRST)));

    assertThat(changes).isEqualTo(
        fx.changes().paid(fx.provider(), FIRST).escrowChanged(fx.publisher(), DEPOSIT.subtract(FIRST)).toMap());
    assertThat(fx.channelState(settleable)).as("the callback's settle was undone").isEqualTo(ChannelState.CLOSING);
  }

  @Test
  void closeByProviderCannotBeEnteredDuringARedeem() throws Exception {
    BigInteger id = fx.depositAndOpen(fx.publisher(), fx.provider(), DEPOSIT);

    var changes = duringWhich(fx.channels(fx.stranger()).closeByProvider(id, MORE, voucher(id, MORE).signature()),
        () -> fx.redeem(fx.stranger(), voucher(id, FIRST)));

    assertThat(changes).isEqualTo(fx.changes().paid(fx.provider(), FIRST).toMap());
    assertThat(fx.channelState(id)).isEqualTo(ChannelState.OPEN);
  }

  @Test
  void withdrawCannotBeReenteredDuringItsTransfer() throws Exception {
    fx.deposit(fx.publisher(), DEPOSIT);

    var changes = duringWhich(fx.channels(fx.stranger()).withdraw(FIRST),
        () -> fx.channels(fx.publisher()).withdraw(FIRST).send());

    assertThat(changes).isEqualTo(fx.changes().withdrawn(fx.publisher(), FIRST).toMap());
  }

  @Test
  void withdrawCannotBeEnteredDuringADeposit() throws Exception {
    fx.token(fx.publisher()).approve(fx.channelsAddress(), DEPOSIT).send();

    var changes = duringWhich(fx.channels(fx.stranger()).withdraw(FIRST),
        () -> fx.channels(fx.publisher()).deposit(DEPOSIT).send());

    assertThat(changes).isEqualTo(fx.changes().deposited(fx.publisher(), fx.publisher(), DEPOSIT).toMap());
  }

  private SignedVoucher voucher(BigInteger channelId, BigInteger cumulativeAmount) {
    return fx.sign(fx.publisher(), channelId, cumulativeAmount);
  }

  /**
   * Arms the token with {@code callback}, runs {@code outer}, checks that the callback was made once during
   * {@code outer} and that the guard rejected it, and returns the balance changes {@code outer} made.
   */
  private Map<Holding, BigInteger> duringWhich(RemoteFunctionCall<?> callback, Callable<TransactionReceipt> outer)
      throws Exception {
    arm(callback);
    Balances before = fx.balances();
    TransactionReceipt receipt = outer.call();
    expectCallbackRejected(receipt);
    return fx.balances().changesSince(before);
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
