package org.zennet.runtime.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zennet.runtime.RuntimeConfig;
import org.zennet.runtime.Samples.Sample;
import org.zennet.runtime.TaskInput;
import org.zennet.runtime.TaskRuntime;

/** The benchmark's machinery on tiny kernels (no timing is asserted: a benchmark is not a timed test). */
class WasmBenchmarkTest {
  @TempDir Path dir;

  @Test
  void reportsEveryKernelWithV8AsReferenceAndWritesJson() throws Exception {
    List<Kernel> tiny = List.of(
        new Kernel("pi", Sample.PI, TaskInput.ofArgs("1000", "1")),
        new Kernel("raytrace", Sample.RAYTRACE, TaskInput.ofArgs("16", "12", "0", "0", "16", "12")),
        new Kernel("wordcount", Sample.WORDCOUNT, new TaskInput(Kernel.text(4096), List.of(), 0)));
    List<String> progress = new ArrayList<>();

    WasmReport report = WasmBenchmark.run(new WasmBenchmark.Config(1, 3, "node"), tiny, progress::add);

    assertThat(report.rows()).extracting(WasmRow::kernel).containsExactly("pi", "raytrace", "wordcount");
    for (WasmRow row : report.rows()) {
      assertThat(row.fuel()).isPositive();
      assertThat(row.meteredMillis()).isPositive();
      assertThat(row.v8Millis()).as("node is part of the toolchain").isNotNull();
      assertThat(row.sameOutput()).as(row.kernel() + ": V8 and Chicory agree").isTrue();
    }
    assertThat(report.table()).contains("kernel", "unmetered ms", "metered ms", "V8 ms", "metered/unmetered",
        "metered/V8", "fuel/s", "pi", "raytrace");
    Path json = dir.resolve("out/wasm.json");
    report.write(json);
    assertThat(Files.readString(json)).contains("\"benchmark\": \"wasm\"", "\"kernel\": \"pi\"", "\"fuelPerSecond\"");
    assertThat(progress).isNotEmpty();
  }

  @Test
  void withoutNodeTheV8ColumnIsEmpty() throws Exception {
    WasmReport report = WasmBenchmark.run(new WasmBenchmark.Config(0, 1, null),
        List.of(new Kernel("pi", Sample.PI, TaskInput.ofArgs("100", "1"))), s -> { });
    assertThat(report.row("pi").v8Millis()).isNull();
    assertThat(report.table()).contains("—");
  }

  @Test
  void selfBenchmarkGivesFuelPerSecond() throws Exception {
    try (TaskRuntime runtime = TaskRuntime.chicory(RuntimeConfig.DEFAULT.withSlots(1))) {
      SelfBenchmark.Result r = SelfBenchmark.measure(runtime, 1, 1);
      assertThat(r.fuel()).isPositive();
      assertThat(r.fuelPerSecond()).isPositive();
      assertThat(SelfBenchmark.measure(runtime, 0, 1).fuel()).isEqualTo(r.fuel());
    }
  }

  @Test
  void medianOfEvenAndOdd() {
    assertThat(WasmBenchmark.median(new double[] {3, 1, 2})).isEqualTo(2);
    assertThat(WasmBenchmark.median(new double[] {4, 1, 2, 3})).isEqualTo(2.5);
  }
}
