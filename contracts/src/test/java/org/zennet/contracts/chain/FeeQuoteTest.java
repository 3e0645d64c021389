package org.zennet.contracts.chain;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class FeeQuoteTest {
  private static final BigInteger GWEI = BigInteger.TEN.pow(9);

  @Test
  void freeGasChainsGetLegacyTransactionsAtZero() {
    FeeQuote quote = FeeQuote.choose(BigInteger.ZERO, BigInteger.ZERO, GWEI);
    assertThat(quote.legacy()).isTrue();
    assertThat(quote.gasPrice()).isZero();
  }

  @Test
  void chainsWithABaseFeeGetEip1559WithRoomForTheBaseFeeToDouble() {
    FeeQuote quote = FeeQuote.choose(GWEI.multiply(BigInteger.valueOf(3)), GWEI.multiply(BigInteger.TWO), GWEI);
    assertThat(quote.legacy()).isFalse();
    assertThat(quote.maxPriorityFeePerGas()).isEqualTo(GWEI);
    assertThat(quote.maxFeePerGas()).isEqualTo(GWEI.multiply(BigInteger.valueOf(5)));
  }

  @Test
  void withoutASuggestedTipTheTipIsGasPriceMinusBaseFee() {
    FeeQuote quote = FeeQuote.choose(GWEI.multiply(BigInteger.valueOf(3)), GWEI.multiply(BigInteger.TWO), null);
    assertThat(quote.maxPriorityFeePerGas()).isEqualTo(GWEI);
  }

  @Test
  void chainsWithoutABaseFeeGetLegacyAtTheNodesPrice() {
    FeeQuote quote = FeeQuote.choose(GWEI, null, null);
    assertThat(quote.legacy()).isTrue();
    assertThat(quote.gasPrice()).isEqualTo(GWEI);
  }
}
