package org.zennet.protocol.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class PricingTest {
  @Test
  void owedIsRoundedDownOnTheRunningTotalSoAChannelLosesAtMostOneWei() {
    BigInteger price = BigInteger.valueOf(3);
    long total = 0;
    BigInteger perTaskSum = BigInteger.ZERO;
    for (int i = 0; i < 1000; i++) {
      total += 333_333;
      perTaskSum = perTaskSum.add(Pricing.owed(333_333, price));
    }
    assertThat(Pricing.owed(total, price)).isEqualTo(BigInteger.valueOf(999)); // 333,333,000 × 3 / 10^6
    assertThat(perTaskSum).as("rounding each task would lose a wei per task").isEqualTo(BigInteger.ZERO);
    assertThat(Pricing.owed(1_000_000, BigInteger.TEN.pow(30))).isEqualTo(BigInteger.TEN.pow(30));
    assertThat(Pricing.increment(5, BigInteger.valueOf(7))).isEqualTo(BigInteger.valueOf(35));
  }
}
