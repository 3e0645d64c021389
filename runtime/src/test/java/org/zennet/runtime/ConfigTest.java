package org.zennet.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ConfigTest {
  @Test
  void limitsRefuseNonsense() {
    assertThatThrownBy(() -> TaskLimits.DEFAULT.withFuel(0)).hasMessageContaining("fuel");
    assertThatThrownBy(() -> TaskLimits.DEFAULT.withMemoryPages(0)).hasMessageContaining("memoryPages");
    assertThatThrownBy(() -> TaskLimits.DEFAULT.withMemoryPages(65_537)).hasMessageContaining("memoryPages");
    assertThatThrownBy(() -> TaskLimits.DEFAULT.withTimeout(Duration.ZERO)).hasMessageContaining("timeout");
    assertThat(TaskLimits.pagesForMebibytes(64)).isEqualTo(1024);
    assertThatThrownBy(() -> TaskLimits.pagesForMebibytes(0)).hasMessageContaining("MiB");
  }

  @Test
  void runtimeConfigRefusesNonsense() {
    assertThatThrownBy(() -> RuntimeConfig.DEFAULT.withSlots(0)).hasMessageContaining("slots");
    assertThatThrownBy(() -> RuntimeConfig.DEFAULT.withStackBytes(1024)).hasMessageContaining("stackBytes");
    assertThat(RuntimeConfig.DEFAULT.metering()).isTrue();
    assertThat(RuntimeConfig.DEFAULT.engine()).isEqualTo(RuntimeConfig.Engine.COMPILER);
  }

  @Test
  void preparedModulesAreCachedByHashAndBounded() throws Exception {
    RuntimeConfig config = new RuntimeConfig(1, 8, 2, RuntimeConfig.DEFAULT_STACK_BYTES, RuntimeConfig.Engine.COMPILER, true);
    try (ChicoryTaskRuntime runtime = new ChicoryTaskRuntime(config)) {
      runtime.prepare(TestModules.wat("exit_code"));
      runtime.prepare(TestModules.wat("exit_code"));
      assertThat(runtime.cachedModules()).isEqualTo(1);
      runtime.prepare(TestModules.wat("trap"));
      runtime.prepare(TestModules.wat("loop"));
      assertThat(runtime.cachedModules()).isEqualTo(2);
    }
  }

  @Test
  void aClosedRuntimeRefusesTasks() {
    TaskRuntime runtime = TaskRuntime.chicory(RuntimeConfig.DEFAULT.withSlots(1));
    runtime.close();
    assertThatThrownBy(() -> runtime.run(TestModules.wat("exit_code"), TaskInput.ofArgs(), TaskLimits.DEFAULT))
        .isInstanceOfSatisfying(TaskFailure.class, f -> assertThat(f.reason()).isEqualTo(TaskFailure.Reason.CANCELLED));
  }
}
