package org.zennet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zennet.cli.ZennetCliIT.Run;
import org.zennet.runtime.Samples;

/** {@code zennet task}: running tasks locally as a user does. */
class TaskCommandIT {
  @TempDir Path dir;

  @Test
  void samplesListsTheBundledModules() {
    Run run = ZennetCliIT.zennet("task", "samples");
    assertThat(run.exit()).isZero();
    assertThat(run.out()).contains("wordcount", "pi", "raytrace", "sha256", "zennet task run --sample raytrace -- WIDTH");
  }

  @Test
  void runsASampleOnAnInputFileAndReportsFuelOnStderr() throws Exception {
    Path input = dir.resolve("in.txt");
    Files.writeString(input, "b a b, A!\n");
    Path output = dir.resolve("out.txt");

    Run run = ZennetCliIT.zennet("task", "run", "--sample", "wordcount", "--input", input.toString(),
        "--output", output.toString());

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(Files.readString(output)).isEqualTo("a\t2\nb\t2\n");
    assertThat(run.err()).containsPattern("fuel used [\\d,]+ of 10,000,000,000; wall time [\\d.]+ ms; exit code 0");
  }

  @Test
  void passesArgumentsAfterTheDoubleDashAndTheSeedIsAnOption() throws Exception {
    Path output = dir.resolve("tile.rgb");
    Run run = ZennetCliIT.zennet("task", "run", "--sample", "raytrace", "--seed", "9", "--input", "/dev/null", "--output", output.toString(),
        "--", "16", "8", "0", "0", "4", "2");
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(Files.readAllBytes(output)).hasSize(4 * 2 * 3);
  }

  @Test
  void runsAModuleFileAndExitsWithTheTasksExitCode() throws Exception {
    Path wasm = dir.resolve("raytrace.wasm");
    Files.write(wasm, Samples.Sample.RAYTRACE.bytes());
    Run run = ZennetCliIT.zennet("task", "run", wasm.toString(), "--input", wasm.toString(), "--", "1", "1", "5", "5", "1", "1");
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("the tile must lie inside the image", "exit code 2");
  }

  @Test
  void aBreachedCapIsAnErrorNamingTheCap() {
    Run fuel = ZennetCliIT.zennet("task", "run", "--sample", "pi", "--fuel", "1000", "--input", "/dev/null", "--output",
        dir.resolve("o").toString(), "--", "100000", "1");
    assertThat(fuel.exit()).isEqualTo(1);
    assertThat(fuel.err()).contains("error: task failed (FUEL_EXHAUSTED, the fuel cap)", "fuel used 1,000");

    Run time = ZennetCliIT.zennet("task", "run", "--sample", "pi", "--timeout", "0.2", "--input", "/dev/null", "--output",
        dir.resolve("o").toString(), "--", "100000000000", "1");
    assertThat(time.exit()).isEqualTo(1);
    assertThat(time.err()).contains("TIMEOUT, the time cap");
  }

  @Test
  void badInvocationsSayWhatToDo() throws Exception {
    assertThat(ZennetCliIT.zennet("task", "run").err()).contains("give a module");
    Run unknown = ZennetCliIT.zennet("task", "run", "--sample", "nope");
    assertThat(unknown.exit()).isEqualTo(2);
    assertThat(unknown.err()).contains("no sample named 'nope'", "wordcount, pi, wordsum, pisum, raytrace");
    Run missing = ZennetCliIT.zennet("task", "run", dir.resolve("missing.wasm").toString(), "--input", "/dev/null");
    assertThat(missing.exit()).isEqualTo(1);
    assertThat(missing.err()).contains("no such module file");
    Path garbage = dir.resolve("garbage.wasm");
    Files.writeString(garbage, "not wasm", StandardCharsets.UTF_8);
    Run invalid = ZennetCliIT.zennet("task", "run", garbage.toString(), "--input", "/dev/null");
    assertThat(invalid.exit()).isEqualTo(1);
    assertThat(invalid.err()).contains("INVALID_MODULE");
    assertThat(ZennetCliIT.zennet("task", "run", "--sample", "pi", "--memory-mb", "0").err()).contains("bad limit");
  }
}
