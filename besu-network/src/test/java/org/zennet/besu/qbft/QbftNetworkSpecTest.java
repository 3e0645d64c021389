package org.zennet.besu.qbft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QbftNetworkSpecTest {
  @Test
  void faultToleranceAndQuorumFollowQbft() {
    assertThat(QbftNetworkSpec.of(1, 1, 1, Map.of()).faultTolerance()).isZero();
    assertThat(QbftNetworkSpec.of(1, 1, 1, Map.of()).quorum()).isEqualTo(1);
    assertThat(QbftNetworkSpec.of(4, 1, 1, Map.of()).faultTolerance()).isEqualTo(1);
    assertThat(QbftNetworkSpec.of(4, 1, 1, Map.of()).quorum()).isEqualTo(3);
    assertThat(QbftNetworkSpec.of(7, 1, 1, Map.of()).faultTolerance()).isEqualTo(2);
    assertThat(QbftNetworkSpec.of(7, 1, 1, Map.of()).quorum()).isEqualTo(5);
  }

  @Test
  void portsAreDistinctPerNode() {
    QbftNetworkSpec spec = QbftNetworkSpec.of(3, 1, 1, Map.of());
    assertThat(spec.rpcHttpPort(0)).isEqualTo(8545);
    assertThat(spec.rpcWsPort(0)).isEqualTo(8546);
    assertThat(spec.rpcHttpPort(1)).isEqualTo(8547);
    assertThat(spec.p2pPort(2)).isEqualTo(30305);
    assertThat(spec.metricsPort(2)).isEqualTo(9547);
  }

  @Test
  void rejectsWhatBesuCannotRunWithMessagesNamingTheOption() {
    assertThatThrownBy(() -> QbftNetworkSpec.of(0, 1, 1, Map.of())).hasMessageContaining("--validators must be 1..");
    assertThatThrownBy(() -> QbftNetworkSpec.of(51, 1, 1, Map.of())).hasMessageContaining("--validators");
    assertThatThrownBy(() -> QbftNetworkSpec.of(4, 0, 1, Map.of())).hasMessageContaining("--block-period must be at least 1");
    assertThatThrownBy(() -> QbftNetworkSpec.of(4, 1, 0, Map.of())).hasMessageContaining("--chain-id must be positive");
    assertThatThrownBy(() -> QbftNetworkSpec.of(4, 1, 1, Map.of("0x12", BigInteger.ONE))).hasMessageContaining("--alloc");
    assertThatThrownBy(() -> QbftNetworkSpec.of(4, 1, 1, Map.of("0x70997970C51812dc3A010C7d01b50e0d17dc79C8", BigInteger.ONE.negate())))
        .hasMessageContaining("negative");
    assertThatThrownBy(() -> QbftNetworkSpec.of(4, 1, 1, Map.of()).withPorts(30303, 30305, 9545)).hasMessageContaining("overlap");
    assertThatThrownBy(() -> QbftNetworkSpec.of(4, 1, 1, Map.of()).withPorts(65534, 8545, 9545)).hasMessageContaining("65535");
  }
}
