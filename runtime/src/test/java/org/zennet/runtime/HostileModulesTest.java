package org.zennet.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.zennet.runtime.TaskFailure.Reason;

/** Each hostile module fails its own task with the cap it breached, and the runtime carries on. */
class HostileModulesTest {
  private static final TaskLimits LIMITS = TaskLimits.DEFAULT.withFuel(50_000_000).withMemoryPages(64)
      .withTimeout(Duration.ofSeconds(20)).withMaxOutputBytes(1 << 20);
  private static TaskRuntime runtime;

  @BeforeAll
  static void start() {
    runtime = TaskRuntime.chicory(RuntimeConfig.DEFAULT.withSlots(4));
  }

  @AfterAll
  static void stop() {
    runtime.close();
  }

  private static TaskFailure failure(TaskModule module, TaskLimits limits) {
    try {
      TaskResult r = runtime.run(module, TaskInput.ofArgs(), limits);
      throw new AssertionError("expected the task to fail, it ended with " + r);
    } catch (TaskFailure e) {
      return e;
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void anInfiniteLoopRunsOutOfFuel() {
    TaskFailure f = failure(TestModules.wat("loop"), LIMITS);
    assertThat(f.reason()).isEqualTo(Reason.FUEL_EXHAUSTED);
    assertThat(f.fuelUsed()).isEqualTo(LIMITS.fuel());
    assertThat(f.getMessage()).contains("fuel");
  }

  @Test
  void anInfiniteLoopWithHugeFuelRunsOutOfTime() {
    TaskFailure f = failure(TestModules.wat("loop"),
        LIMITS.withFuel(Long.MAX_VALUE).withTimeout(Duration.ofMillis(300)));
    assertThat(f.reason()).isEqualTo(Reason.TIMEOUT);
    assertThat(f.getMessage()).contains("time cap of 300 ms");
    assertThat(f.fuelUsed()).isPositive();
  }

  @Test
  void aStartSectionIsMeteredToo() {
    assertThat(failure(TestModules.wat("start_section"), LIMITS).reason()).isEqualTo(Reason.FUEL_EXHAUSTED);
  }

  @Test
  void aMemoryBombHitsTheMemoryCap() {
    TaskFailure f = failure(TestModules.wat("memory_bomb"), LIMITS);
    assertThat(f.reason()).isEqualTo(Reason.MEMORY_LIMIT);
    assertThat(f.getMessage()).contains("64 pages");
  }

  @Test
  void aModuleThatStartsOverTheMemoryCapIsRefused() {
    TaskFailure f = failure(TestModules.wat("big_memory"), LIMITS);
    assertThat(f.reason()).isEqualTo(Reason.MEMORY_LIMIT);
    assertThat(f.getMessage()).contains("2000 memory pages");
  }

  @Test
  void deepRecursionHitsTheCallDepthCap() {
    TaskFailure f = failure(TestModules.wat("recursion"), LIMITS.withFuel(Long.MAX_VALUE));
    assertThat(f.reason()).isEqualTo(Reason.CALL_DEPTH);
  }

  @Test
  void anImportWeDoNotProvideIsNamed() {
    TaskFailure f = failure(TestModules.wat("missing_import"), LIMITS);
    assertThat(f.reason()).isEqualTo(Reason.MISSING_IMPORT);
    assertThat(f.getMessage()).contains("env.open_socket (function)");
  }

  @Test
  void malformedBytesAreAnInvalidModule() {
    TaskFailure f = failure(TaskModule.of(new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0, 99, 5, 1, 2}), LIMITS);
    assertThat(f.reason()).isEqualTo(Reason.INVALID_MODULE);
    assertThat(failure(TaskModule.of("hello".getBytes(java.nio.charset.StandardCharsets.UTF_8)), LIMITS).reason())
        .isEqualTo(Reason.INVALID_MODULE);
  }

  @Test
  void aLibraryWithoutStartIsNotACommand() {
    TaskFailure f = failure(TestModules.wat("no_start"), LIMITS);
    assertThat(f.reason()).isEqualTo(Reason.INVALID_MODULE);
    assertThat(f.getMessage()).contains("_start");
  }

  @Test
  void hugeOutputHitsTheOutputCap() {
    TaskFailure f = failure(TestModules.wat("huge_output"), LIMITS);
    assertThat(f.reason()).isEqualTo(Reason.OUTPUT_LIMIT);
    assertThat(f.getMessage()).contains(String.valueOf(1 << 20));
  }

  @Test
  void aTrapIsATrap() {
    TaskFailure f = failure(TestModules.wat("trap"), LIMITS);
    assertThat(f.reason()).isEqualTo(Reason.TRAP);
    assertThat(f.getMessage()).containsIgnoringCase("divide by zero");
  }

  @Test
  void aNonzeroExitIsAResultThatCanBeRequiredToSucceed() throws Exception {
    TaskResult r = runtime.run(TestModules.wat("exit_code"), TaskInput.ofArgs(), LIMITS);
    assertThat(r.exitCode()).isEqualTo(3);
    assertThat(r.fuelUsed()).isEqualTo(2);
    assertThatThrownBy(r::requireSuccess).isInstanceOfSatisfying(TaskFailure.class,
        f -> assertThat(f.reason()).isEqualTo(Reason.EXIT_NONZERO));
  }

  @Test
  void honestTasksSucceedWhileHostileOnesFailBesideThem() throws Exception {
    List<String> hostile = List.of("loop", "memory_bomb", "recursion", "huge_output", "missing_import", "trap");
    List<Reason> expected = List.of(Reason.FUEL_EXHAUSTED, Reason.MEMORY_LIMIT, Reason.CALL_DEPTH,
        Reason.OUTPUT_LIMIT, Reason.MISSING_IMPORT, Reason.TRAP);
    TaskInput piInput = TaskInput.ofArgs("20000", "11");
    TaskResult reference = runtime.run(Samples.Sample.PI.module(), piInput, LIMITS);

    List<CompletableFuture<TaskResult>> honest = new ArrayList<>();
    List<CompletableFuture<TaskResult>> bad = new ArrayList<>();
    for (int round = 0; round < 3; round++) {
      for (String name : hostile) {
        TaskLimits limits = name.equals("recursion") ? LIMITS.withFuel(Long.MAX_VALUE) : LIMITS;
        bad.add(runtime.submit(TestModules.wat(name), TaskInput.ofArgs(), limits));
        honest.add(runtime.submit(Samples.Sample.PI.module(), piInput, LIMITS));
      }
    }
    for (CompletableFuture<TaskResult> h : honest) {
      TaskResult r = h.get();
      assertThat(r.stdout()).isEqualTo(reference.stdout());
      assertThat(r.fuelUsed()).isEqualTo(reference.fuelUsed());
    }
    for (int i = 0; i < bad.size(); i++) {
      Reason want = expected.get(i % hostile.size());
      CompletableFuture<TaskResult> b = bad.get(i);
      assertThatThrownBy(b::get).isInstanceOf(ExecutionException.class)
          .cause().isInstanceOfSatisfying(TaskFailure.class, f -> assertThat(f.reason()).isEqualTo(want));
    }
  }
}
