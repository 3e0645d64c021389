package org.zennet.contracts.devchain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DevChainConfigTest {
  @Test
  void defaultsToAFreeLoopbackPortAndAutomine() {
    assertThat(DevChainConfig.DEFAULT.port()).isZero();
    assertThat(DevChainConfig.DEFAULT.host()).isEqualTo("127.0.0.1");
    assertThat(DevChainConfig.DEFAULT.blockTime()).isEmpty();
    assertThat(DevChainConfig.DEFAULT.chainId()).isEqualTo(31337);
    assertThat(DevChainConfig.DEFAULT.zeroGasPrice()).isFalse();
  }

  @Test
  void freeGasSurvivesTheOtherWithers() {
    DevChainConfig free = DevChainConfig.DEFAULT.withZeroGasPrice().withPort(8545).withChainId(7).withBlockTime(Duration.ofSeconds(1));
    assertThat(free.zeroGasPrice()).isTrue();
    assertThat(free.chainId()).isEqualTo(7);
  }

  @Test
  void rejectsValuesAnvilCannotUse() {
    assertThatThrownBy(() -> DevChainConfig.DEFAULT.withPort(70000)).hasMessageContaining("port");
    assertThatThrownBy(() -> DevChainConfig.DEFAULT.withChainId(0)).hasMessageContaining("chain id");
    assertThatThrownBy(() -> DevChainConfig.DEFAULT.withBlockTime(Duration.ofMillis(1500))).hasMessageContaining("whole number");
    assertThatThrownBy(() -> DevChainConfig.DEFAULT.withBlockTime(Duration.ZERO)).hasMessageContaining("positive");
  }
}
