package org.zennet.provider.work;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.zennet.contracts.testkit.SteppedClock;

/** The payment pace on a stepped clock: behind only past one increment, stalled only after the limit. */
class PaceTest {
  private final SteppedClock clock = new SteppedClock();
  private final Pace pace = new Pace(BigInteger.valueOf(100), clock);

  @Test
  void oneIncrementUnpaidIsNotBehind() {
    assertThat(pace.update(BigInteger.valueOf(100), BigInteger.ZERO)).isFalse();
    assertThat(pace.update(BigInteger.valueOf(350), BigInteger.valueOf(250))).isFalse();
    assertThat(pace.behind()).isFalse();
  }

  @Test
  void moreThanOneIncrementUnpaidIsBehindAndStallsAfterTheLimit() {
    assertThat(pace.update(BigInteger.valueOf(101), BigInteger.ZERO)).isTrue();
    clock.step(Duration.ofSeconds(29));
    assertThat(pace.stalled(Duration.ofSeconds(30))).isFalse();
    clock.step(Duration.ofSeconds(2));
    assertThat(pace.stalled(Duration.ofSeconds(30))).isTrue();
  }

  @Test
  void aVoucherThatCatchesUpResetsTheTimer() {
    pace.update(BigInteger.valueOf(500), BigInteger.ZERO);
    clock.step(Duration.ofSeconds(20));
    assertThat(pace.update(BigInteger.valueOf(500), BigInteger.valueOf(450))).isFalse();
    clock.step(Duration.ofSeconds(20));
    assertThat(pace.update(BigInteger.valueOf(700), BigInteger.valueOf(450))).isTrue();
    clock.step(Duration.ofSeconds(20));
    assertThat(pace.stalled(Duration.ofSeconds(30))).as("behind again only for 20 s").isFalse();
  }
}
