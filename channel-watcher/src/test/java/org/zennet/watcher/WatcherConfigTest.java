package org.zennet.watcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class WatcherConfigTest {
  private static final Path K = Path.of("k.json");
  private static final Path D = Path.of("d.json");

  @Test
  void defaultsFillWhatIsLeftOut() {
    WatcherConfig c = WatcherConfig.defaults(K, D, null);
    assertThat(c.listen()).isEqualTo(WatcherConfig.DEFAULT_LISTEN);
    assertThat(c.safetyMargin()).isEqualTo(Duration.ofMinutes(10));
    assertThat(c.batchSize()).isEqualTo(50);
    assertThat(c.redeemThresholdWei()).isZero();
    assertThat(c.withRedeeming(5, Duration.ZERO, "2.5").redeemThresholdWei())
        .isEqualTo(new java.math.BigInteger("2500000000000000000"));
  }

  @Test
  void everyBrokenRuleNamesItsField() {
    assertThatThrownBy(() -> WatcherConfig.defaults(null, D, null)).hasMessageStartingWith("keystore:");
    assertThatThrownBy(() -> WatcherConfig.defaults(K, null, null)).hasMessageStartingWith("deployment:");
    WatcherConfig ok = WatcherConfig.defaults(K, D, null);
    assertThatThrownBy(() -> ok.withRedeeming(0, Duration.ZERO, "0")).hasMessageStartingWith("batchSize:");
    assertThatThrownBy(() -> ok.withRedeeming(10, Duration.ZERO, "-1")).hasMessageStartingWith("redeemThreshold:");
    assertThatThrownBy(() -> ok.withRedeeming(10, Duration.ZERO, "lots")).hasMessageStartingWith("redeemThreshold:");
    assertThatThrownBy(() -> ok.withRedeeming(10, Duration.ofSeconds(-1), "0")).hasMessageStartingWith("batchWindow:");
    assertThatThrownBy(() -> ok.withRetry(Duration.ofSeconds(5), Duration.ofSeconds(1)))
        .hasMessageStartingWith("retryBackoffMax:");
    assertThatThrownBy(() -> ok.withEndpoints(URI.create("ftp://x"), null)).hasMessageStartingWith("rpcUrl:");
    assertThatThrownBy(() -> ok.withEndpoints(null, URI.create("http://x"))).hasMessageStartingWith("wsUrl:");
  }
}
