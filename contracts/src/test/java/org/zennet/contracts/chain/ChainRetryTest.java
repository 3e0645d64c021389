package org.zennet.contracts.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ChainRetryTest {
  @Test
  void triesAgainWhileTheNodeIsUnreachable() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    CompletableFuture<String> r = ChainRetry.retrying("test", () -> calls.incrementAndGet() < 3
        ? CompletableFuture.failedFuture(new RuntimeException(new ConnectException("refused")))
        : CompletableFuture.completedFuture("ok"));
    assertThat(r.get(10, TimeUnit.SECONDS)).isEqualTo("ok");
    assertThat(calls).hasValue(3);
  }

  @Test
  void aRevertIsNotRetried() {
    AtomicInteger calls = new AtomicInteger();
    ContractRevertException revert = new ContractRevertException("X", List.of(), List.of(), "0x");
    CompletableFuture<String> r = ChainRetry.retrying("test", () -> {
      calls.incrementAndGet();
      return CompletableFuture.failedFuture(revert);
    });
    assertThatThrownBy(() -> r.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class).cause().isSameAs(revert);
    assertThat(calls).hasValue(1);
  }

  @Test
  void givesUpAfterItsBudget() {
    CompletableFuture<String> r = ChainRetry.retrying("test", Duration.ofMillis(300),
        () -> CompletableFuture.failedFuture(new IOException("down")));
    assertThatThrownBy(() -> r.get(10, TimeUnit.SECONDS)).cause().isInstanceOf(IOException.class);
  }
}
