package org.zennet.contracts.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class NonceTrackerTest {

  @Test
  void allocatesConsecutiveNoncesFromTheSyncedCount() {
    NonceTracker nonces = new NonceTracker();
    assertThat(nonces.needsSync()).isTrue();
    assertThatThrownBy(nonces::allocate).hasMessageContaining("not synced");
    nonces.sync(BigInteger.valueOf(7));
    assertThat(nonces.allocate()).isEqualTo(7);
    assertThat(nonces.allocate()).isEqualTo(8);
  }

  @Test
  void theLastNonceCanBeGivenBackButAnEarlierOneLeavesAGap() {
    NonceTracker nonces = new NonceTracker();
    nonces.sync(BigInteger.ZERO);
    BigInteger first = nonces.allocate();
    BigInteger second = nonces.allocate();
    assertThat(nonces.release(first)).isFalse();
    assertThat(nonces.release(second)).isTrue();
    assertThat(nonces.allocate()).isEqualTo(second);
  }

  @Test
  void invalidatingForcesASync() {
    NonceTracker nonces = new NonceTracker();
    nonces.sync(BigInteger.ONE);
    nonces.invalidate();
    assertThat(nonces.needsSync()).isTrue();
  }
}
