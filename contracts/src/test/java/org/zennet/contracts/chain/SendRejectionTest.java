package org.zennet.contracts.chain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SendRejectionTest {

  @Test
  void recognisesTheNonceErrorsOfAnvilBesuAndGeth() {
    assertThat(SendRejection.classify("nonce too low")).isEqualTo(SendRejection.NONCE_TOO_LOW);
    assertThat(SendRejection.classify("Nonce too low")).isEqualTo(SendRejection.NONCE_TOO_LOW);
    assertThat(SendRejection.classify("nonce too high")).isEqualTo(SendRejection.NONCE_TOO_HIGH);
    assertThat(SendRejection.classify("Nonce too far in future")).isEqualTo(SendRejection.NONCE_TOO_HIGH);
  }

  @Test
  void treatsAKnownTransactionAsSent() {
    assertThat(SendRejection.classify("transaction already imported")).isEqualTo(SendRejection.ALREADY_KNOWN);
    assertThat(SendRejection.classify("Known transaction")).isEqualTo(SendRejection.ALREADY_KNOWN);
    assertThat(SendRejection.classify("already known")).isEqualTo(SendRejection.ALREADY_KNOWN);
  }

  @Test
  void recognisesPriceErrorsAndLeavesTheRestAsOther() {
    assertThat(SendRejection.classify("replacement transaction underpriced")).isEqualTo(SendRejection.UNDERPRICED);
    assertThat(SendRejection.classify("max fee per gas less than block base fee")).isEqualTo(SendRejection.UNDERPRICED);
    assertThat(SendRejection.classify("Upfront cost exceeds account balance")).isEqualTo(SendRejection.OTHER);
    assertThat(SendRejection.classify(null)).isEqualTo(SendRejection.OTHER);
  }
}
