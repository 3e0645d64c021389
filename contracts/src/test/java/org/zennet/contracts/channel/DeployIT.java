package org.zennet.contracts.channel;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.generated.Uint64;
import org.zennet.contracts.generated.PaymentChannels;
import org.zennet.contracts.generated.errors.PaymentChannelsInvalidChallengePeriodException;
import org.zennet.contracts.generated.errors.PaymentChannelsZeroTokenException;
import org.zennet.contracts.testkit.ChannelsFixture;
import org.zennet.contracts.testkit.ChannelsFixture.ChannelState;
import org.zennet.contracts.testkit.ChannelsTest;

/** The PaymentChannels constructor and the state of a fresh deployment. */
@ChannelsTest
class DeployIT {
  private static final long ONE_YEAR = 365L * 24 * 60 * 60;

  @Test
  void startsEmptyWithItsTokenAndChallengePeriod(ChannelsFixture fx) throws Exception {
    PaymentChannels channels = fx.channels(fx.stranger());

    assertThat(channels.token().send()).isEqualToIgnoringCase(fx.tokenAddress());
    assertThat(channels.challengePeriod().send())
        .isEqualTo(BigInteger.valueOf(ChannelsFixture.CHALLENGE_PERIOD.toSeconds()));
    assertThat(channels.MAX_CHALLENGE_PERIOD().send()).isEqualTo(BigInteger.valueOf(ONE_YEAR));
    assertThat(channels.channelCount().send()).isZero();
    assertThat(fx.escrowOf(fx.publisher())).isZero();
    assertThat(fx.channelState(BigInteger.ONE)).isEqualTo(ChannelState.NONE);
  }

  @Test
  void rejectsTheZeroTokenAndChallengePeriodsOutOfRange(ChannelsFixture fx) throws Exception {
    fx.expectRevert(PaymentChannelsZeroTokenException.class, fx.treasury(), null,
        deployment("0x0000000000000000000000000000000000000000", 3600));

    for (long period : new long[] {0, ONE_YEAR + 1}) {
      var e = fx.expectRevert(PaymentChannelsInvalidChallengePeriodException.class, fx.treasury(), null,
          deployment(fx.tokenAddress(), period));
      assertThat(e.challengePeriod()).isEqualTo(BigInteger.valueOf(period));
      assertThat(e.maxChallengePeriod()).isEqualTo(BigInteger.valueOf(ONE_YEAR));
    }
  }

  @Test
  void acceptsChallengePeriodsFromOneSecondToOneYear(ChannelsFixture fx) throws Exception {
    for (long period : new long[] {1, ONE_YEAR}) {
      PaymentChannels deployed = PaymentChannels.deploy(fx.chain().web3j(),
          fx.chain().transactionManager(fx.treasury()), fx.chain().gasProvider(), fx.tokenAddress(), BigInteger.valueOf(period)).send();
      assertThat(deployed.challengePeriod().send()).isEqualTo(BigInteger.valueOf(period));
    }
  }

  private static String deployment(String token, long challengePeriod) {
    return PaymentChannels.BINARY + FunctionEncoder.encodeConstructor(
        List.of(new Address(token), new Uint64(challengePeriod)));
  }
}
