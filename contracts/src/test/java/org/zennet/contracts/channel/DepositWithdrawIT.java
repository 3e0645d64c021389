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
import org.zennet.contracts.generated.errors.ERC20InsufficientAllowanceException;
import org.zennet.contracts.generated.errors.PaymentChannelsInsufficientEscrowException;
import org.zennet.contracts.generated.errors.PaymentChannelsZeroAmountException;
import org.zennet.contracts.testkit.Balances;
import org.zennet.contracts.testkit.ChannelsFixture;
import org.zennet.contracts.testkit.ChannelsTest;

/** Escrow: {@code deposit} into one's own free escrow and {@code withdraw} from it. */
@ChannelsTest
class DepositWithdrawIT {
  private static final BigInteger AMOUNT = Xen.of(25).add(BigInteger.valueOf(7));

  @Test
  void depositMovesTokensIntoTheDepositorsFreeEscrow(ChannelsFixture fx) throws Exception {
    Credentials publisher = fx.publisher();
    Balances before = fx.balances();

    TransactionReceipt receipt = fx.deposit(publisher, AMOUNT);

    assertThat(fx.balances().changesSince(before)).isEqualTo(
        fx.changes().deposited(publisher, publisher, AMOUNT).toMap());
    assertThat(PaymentChannels.getDepositedEvents(receipt)).extracting(e -> e.account, e -> e.from, e -> e.amount)
        .containsExactly(tuple(publisher.getAddress(), publisher.getAddress(), AMOUNT));
  }

  @Test
  void withdrawPaysOutOfTheFreeEscrow(ChannelsFixture fx) throws Exception {
    Credentials publisher = fx.publisher();
    fx.deposit(publisher, AMOUNT);
    BigInteger part = Xen.of(10).add(BigInteger.ONE);
    Balances before = fx.balances();

    TransactionReceipt receipt = fx.channels(publisher).withdraw(part).send();

    assertThat(fx.balances().changesSince(before)).isEqualTo(fx.changes().withdrawn(publisher, part).toMap());
    assertThat(fx.escrowOf(publisher)).isEqualTo(AMOUNT.subtract(part));
    assertThat(PaymentChannels.getWithdrawnEvents(receipt)).extracting(e -> e.account, e -> e.amount)
        .containsExactly(tuple(publisher.getAddress(), part));
  }

  @Test
  void withdrawingEverythingLeavesNothingBehind(ChannelsFixture fx) throws Exception {
    Credentials publisher = fx.publisher();
    fx.deposit(publisher, AMOUNT);

    fx.channels(publisher).withdraw(AMOUNT).send();

    assertThat(fx.escrowOf(publisher)).isZero();
    assertThat(fx.tokenBalance(publisher.getAddress())).isEqualTo(ChannelsFixture.ACCOUNT_TOKENS);
    assertThat(fx.tokenBalance(fx.channelsAddress())).isZero();
  }

  @Test
  void refusesToWithdrawMoreThanTheFreeEscrow(ChannelsFixture fx) throws Exception {
    Credentials publisher = fx.publisher();
    fx.deposit(publisher, AMOUNT);
    BigInteger tooMuch = AMOUNT.add(BigInteger.ONE);

    var e = fx.channelsRevert(PaymentChannelsInsufficientEscrowException.class, publisher, c -> c.withdraw(tooMuch));

    assertThat(e.account()).isEqualToIgnoringCase(publisher.getAddress());
    assertThat(e.available()).isEqualTo(AMOUNT);
    assertThat(e.needed()).isEqualTo(tooMuch);
  }

  @Test
  void moneyLockedInAChannelIsNotFreeEscrow(ChannelsFixture fx) throws Exception {
    Credentials publisher = fx.publisher();
    fx.deposit(publisher, Xen.of(10));
    fx.openChannels(publisher, BigInteger.ONE, List.of(fx.provider()), List.of(Xen.of(7)));

    var e = fx.channelsRevert(PaymentChannelsInsufficientEscrowException.class, publisher, c -> c.withdraw(Xen.of(4)));

    assertThat(e.available()).isEqualTo(Xen.of(3));
    assertThat(e.needed()).isEqualTo(Xen.of(4));
  }

  @Test
  void rejectsZeroAmounts(ChannelsFixture fx) throws Exception {
    Credentials publisher = fx.publisher();
    fx.deposit(publisher, AMOUNT);

    fx.channelsRevert(PaymentChannelsZeroAmountException.class, publisher, c -> c.deposit(BigInteger.ZERO));
    fx.channelsRevert(PaymentChannelsZeroAmountException.class, publisher, c -> c.withdraw(BigInteger.ZERO));
  }

  @Test
  void depositWithoutApprovalFailsInTheToken(ChannelsFixture fx) throws Exception {
    var e = fx.channelsRevert(ERC20InsufficientAllowanceException.class, fx.publisher(), c -> c.deposit(AMOUNT));

    assertThat(e.spender()).isEqualToIgnoringCase(fx.channelsAddress());
    assertThat(e.allowance()).isZero();
    assertThat(e.needed()).isEqualTo(AMOUNT);
  }
}
