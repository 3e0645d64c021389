package org.zennet.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What a task sees of the host: a fixed clock, seeded random numbers, no environment, no files. */
class SandboxTest {
  private static TaskRuntime runtime;

  @BeforeAll
  static void start() {
    runtime = TaskRuntime.chicory(RuntimeConfig.DEFAULT.withSlots(1));
  }

  @AfterAll
  static void stop() {
    runtime.close();
  }

  private static ByteBuffer view(long seed) throws Exception {
    TaskResult r = runtime.run(TestModules.wat("host_view"), TaskInput.ofArgs().withSeed(seed), TaskLimits.DEFAULT);
    assertThat(r.stdout()).hasSize(44);
    return ByteBuffer.wrap(r.stdout()).order(ByteOrder.LITTLE_ENDIAN);
  }

  @Test
  void clocksAreFixed() throws Exception {
    ByteBuffer b = view(1);
    assertThat(b.getLong(0)).isEqualTo(DeterministicWasi.FIXED_REALTIME.getEpochSecond() * 1_000_000_000L);
    assertThat(b.getLong(8)).isZero();
  }

  @Test
  void randomBytesAreSplitMix64OfTheSeed() throws Exception {
    ByteBuffer b = view(42);
    long state = 42;
    for (int i = 0; i < 2; i++) {
      long z = (state += 0x9E3779B97F4A7C15L);
      z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
      z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
      assertThat(b.getLong(16 + 8 * i)).isEqualTo(z ^ (z >>> 31));
    }
    assertThat(view(42).array()).isEqualTo(b.array());
    assertThat(view(43).getLong(16)).isNotEqualTo(b.getLong(16));
  }

  @Test
  void noEnvironmentAndNoPreopenedDirectory() throws Exception {
    ByteBuffer b = view(1);
    assertThat(b.getInt(32)).as("environment variables").isZero();
    assertThat(b.getInt(36)).as("environment bytes").isZero();
    assertThat(b.getInt(40)).as("fd_prestat_get(3) errno: EBADF").isEqualTo(8);
  }
}
