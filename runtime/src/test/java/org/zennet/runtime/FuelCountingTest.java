package org.zennet.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasi.WasiExitException;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.types.AnnotatedInstruction;
import com.dylibso.chicory.wasm.types.OpCode;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fuel the instrumented module reports, on Chicory's compiler and on its interpreter, equals the number of
 * original instructions Chicory's interpreter executes, counted by an execution listener under the documented
 * rule (every executed instruction counts 1, except a function body's final {@code end}).
 */
class FuelCountingTest {
  private static TaskRuntime compiled;
  private static TaskRuntime interpreted;

  @BeforeAll
  static void start() {
    compiled = TaskRuntime.chicory(RuntimeConfig.DEFAULT.withSlots(2));
    interpreted = TaskRuntime.chicory(RuntimeConfig.DEFAULT.withSlots(2).withEngine(RuntimeConfig.Engine.INTERPRETER));
  }

  @AfterAll
  static void stop() {
    compiled.close();
    interpreted.close();
  }

  static Stream<Arguments> runs() {
    String text = "The quick brown fox jumps over the lazy dog. The dog sleeps; the fox runs! 42 foxes, 7 dogs.\n"
        .repeat(20);
    return Stream.of(
        Arguments.of("control", TestModules.wat("control"), TaskInput.ofArgs()),
        Arguments.of("exit_code", TestModules.wat("exit_code"), TaskInput.ofArgs()),
        Arguments.of("host_view", TestModules.wat("host_view"), TaskInput.ofArgs().withSeed(5)),
        Arguments.of("wordcount", Samples.Sample.WORDCOUNT.module(), TaskInput.of(text)),
        Arguments.of("pi", Samples.Sample.PI.module(), TaskInput.ofArgs("2000", "7")),
        Arguments.of("raytrace", Samples.Sample.RAYTRACE.module(), TaskInput.ofArgs("32", "24", "8", "4", "12", "10")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("runs")
  void meteredFuelEqualsTheInterpretersInstructionCount(String name, TaskModule module, TaskInput input) throws Exception {
    ListenerCount reference = countWithListener(module, input);

    TaskResult onCompiler = compiled.run(module, input, TaskLimits.DEFAULT);
    TaskResult onInterpreter = interpreted.run(module, input, TaskLimits.DEFAULT);

    assertThat(onCompiler.exitCode()).isEqualTo(reference.exitCode);
    assertThat(onCompiler.stdout()).isEqualTo(reference.stdout);
    assertThat(onCompiler.fuelUsed()).as("compiled, metered").isEqualTo(reference.count);
    assertThat(onInterpreter.fuelUsed()).as("interpreted, metered").isEqualTo(reference.count);
    assertThat(reference.count).isPositive();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("runs")
  void theSameTaskUsesTheSameFuelEveryTime(String name, TaskModule module, TaskInput input) throws Exception {
    TaskResult first = compiled.run(module, input, TaskLimits.DEFAULT);
    TaskResult second = compiled.run(module, input, TaskLimits.DEFAULT);
    assertThat(second.fuelUsed()).isEqualTo(first.fuelUsed());
    assertThat(second.stdout()).isEqualTo(first.stdout());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("runs")
  void exactlyTheFuelUsedIsEnoughAndOneLessIsNot(String name, TaskModule module, TaskInput input) throws Exception {
    long used = compiled.run(module, input, TaskLimits.DEFAULT).fuelUsed();
    assertThat(compiled.run(module, input, TaskLimits.DEFAULT.withFuel(used)).fuelUsed()).isEqualTo(used);
    try {
      compiled.run(module, input, TaskLimits.DEFAULT.withFuel(used - 1));
      throw new AssertionError("one unit of fuel less should not be enough");
    } catch (TaskFailure e) {
      assertThat(e.reason()).isEqualTo(TaskFailure.Reason.FUEL_EXHAUSTED);
      assertThat(e.fuelUsed()).isEqualTo(used - 1);
    }
  }

  record ListenerCount(long count, int exitCode, byte[] stdout) {}

  /** Runs the original module on Chicory's interpreter, counting instructions with an execution listener. */
  static ListenerCount countWithListener(TaskModule module, TaskInput input) {
    long[] count = {0};
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int exit = 0;
    try (DeterministicWasi wasi = new DeterministicWasi(input, out, OutputStream.nullOutputStream())) {
      Instance instance = Instance.builder(Parser.parse(module.bytes()))
          .withImportValues(ImportValues.builder().addFunction(wasi.functions()).build())
          .withStart(false)
          .withUnsafeExecutionListener((instruction, stack) -> {
            boolean finalEnd = instruction.opcode() == OpCode.END
                && instruction instanceof AnnotatedInstruction a && a.depth() == 0;
            if (!finalEnd) {
              count[0]++;
            }
          })
          .build();
      try {
        instance.export("_start").apply();
      } catch (WasiExitException e) {
        exit = e.exitCode();
      }
    }
    return new ListenerCount(count[0], exit, out.toByteArray());
  }

}
