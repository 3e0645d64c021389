package org.zennet.contracts.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.zennet.contracts.Xen;
import org.zennet.contracts.generated.PaymentChannels;
import org.zennet.contracts.generated.errors.PaymentChannelsInsufficientEscrowException;
import org.zennet.contracts.generated.errors.PaymentChannelsZeroAccountException;
import org.zennet.contracts.generated.errors.PaymentChannelsZeroAmountException;
import org.zennet.contracts.testkit.Balances;
import org.zennet.contracts.testkit.ChannelsFixture;
import org.zennet.contracts.testkit.ChannelsTest;

/** Escrow funded by someone else: a treasury {@code depositFor}s an agent's publisher account. */
@ChannelsTest
class DepositForIT {
  private static final BigInteger AMOUNT = Xen.of(40).add(BigInteger.valueOf(3));

  @Test
  void creditsTheAccountAndPullsTheTokensFromTheCaller(ChannelsFixture fx) throws Exception {
    Credentials treasury = fx.treasury();
    Credentials agent = fx.publisher();
    fx.token(treasury).approve(fx.channelsAddress(), AMOUNT).send();
    Balances before = fx.balances();

    TransactionReceipt receipt = fx.channels(treasury).depositFor(agent.getAddress(), AMOUNT).send();

    assertThat(fx.balances().changesSince(before)).isEqualTo(fx.changes().deposited(treasury, agent, AMOUNT).toMap());
    assertThat(PaymentChannels.getDepositedEvents(receipt)).extracting(e -> e.account, e -> e.from, e -> e.amount)
        .containsExactly(tuple(agent.getAddress(), treasury.getAddress(), AMOUNT));
  }

  @Test
  void theAgentSpendsWhatTheTreasuryDepositedAndTheTreasuryCannotTakeItBack(ChannelsFixture fx) throws Exception {
    Credentials treasury = fx.treasury();
    Credentials agent = fx.publisher();
    fx.token(treasury).approve(fx.channelsAddress(), AMOUNT).send();
    fx.channels(treasury).depositFor(agent.getAddress(), AMOUNT).send();

    var e = fx.channelsRevert(PaymentChannelsInsufficientEscrowException.class, treasury, c -> c.withdraw(AMOUNT));
    assertThat(e.account()).isEqualToIgnoringCase(treasury.getAddress());
    assertThat(e.available()).isZero();

    fx.openChannels(agent, BigInteger.ONE, List.of(fx.provider()), List.of(AMOUNT));
    assertThat(fx.escrowOf(agent)).isZero();
  }

  @Test
  void rejectsTheZeroAccountAndZeroAmounts(ChannelsFixture fx) throws Exception {
    Credentials treasury = fx.treasury();
    fx.token(treasury).approve(fx.channelsAddress(), AMOUNT).send();

    fx.channelsRevert(PaymentChannelsZeroAccountException.class, treasury,
        c -> c.depositFor("0x0000000000000000000000000000000000000000", AMOUNT));
    fx.channelsRevert(PaymentChannelsZeroAmountException.class, treasury,
        c -> c.depositFor(fx.publisher().getAddress(), BigInteger.ZERO));
  }
}
