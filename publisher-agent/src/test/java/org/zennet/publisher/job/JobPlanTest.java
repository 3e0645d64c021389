package org.zennet.publisher.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zennet.runtime.Samples;

class JobPlanTest {
  @TempDir Path dir;

  static JobSpec spec(String sample, InputSpec inputs, ArgsSpec args, ReduceSpec reduce) {
    return new JobSpec("test job", null, sample, inputs, args, reduce, BigInteger.valueOf(1000), null,
        new BigDecimal("10"), null, null, null, null, null, null, null, null, null, null, null);
  }

  @Test
  void linesSplitNeverCutsALineAndCoversTheWholeFile() throws Exception {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 1000; i++) {
      text.append("line ").append(i).append(i % 3 == 0 ? " with more words" : "").append('\n');
    }
    Path file = Files.writeString(dir.resolve("in.txt"), text);
    JobPlan plan = JobPlan.of(spec("wordcount", new InputSpec(file, null, 7), null, null));

    assertThat(plan.tasks()).hasSize(7);
    StringBuilder joined = new StringBuilder();
    long expectedOffset = 0;
    for (TaskSpec t : plan.tasks()) {
      assertThat(t.inputOffset()).isEqualTo(expectedOffset);
      String chunk = new String(plan.input(t), StandardCharsets.UTF_8);
      assertThat(chunk).endsWith("\n");
      joined.append(chunk);
      expectedOffset += t.inputLength();
    }
    assertThat(joined.toString()).isEqualTo(text.toString());
    assertThat(plan.manifest().taskCount()).isEqualTo(7);
    assertThat(plan.manifest().moduleSha256()).isEqualTo(Samples.Sample.WORDCOUNT.module().sha256());
  }

  @Test
  void bytesSplitCutsExactRangesAndAShortFileGivesFewerChunks() throws Exception {
    Path file = Files.write(dir.resolve("in.bin"), new byte[10]);
    JobPlan plan = JobPlan.of(spec("wordcount", new InputSpec(file, InputSpec.Split.bytes, 4), null, null));
    assertThat(plan.tasks()).extracting(TaskSpec::inputLength).containsExactly(3L, 3L, 3L, 1L);
    Path twoLines = Files.writeString(dir.resolve("two.txt"), "a\nb\n");
    assertThat(JobPlan.of(spec("wordcount", new InputSpec(twoLines, null, 5), null, null)).tasks()).hasSize(2);
  }

  @Test
  void aGridGivesOneTaskPerTileWithEdgeTilesClipped() throws Exception {
    ArgsSpec grid = new ArgsSpec(null, null, new ArgsSpec.Grid(100, 50, 40, 40),
        List.of("{width}", "{height}", "{x}", "{y}", "{tileWidth}", "{tileHeight}"));
    JobPlan plan = JobPlan.of(spec("raytrace", null, grid, ReduceSpec.of("png")));
    assertThat(plan.tasks()).extracting(TaskSpec::args).containsExactly(
        List.of("100", "50", "0", "0", "40", "40"), List.of("100", "50", "40", "0", "40", "40"),
        List.of("100", "50", "80", "0", "20", "40"), List.of("100", "50", "0", "40", "40", "10"),
        List.of("100", "50", "40", "40", "40", "10"), List.of("100", "50", "80", "40", "20", "10"));
  }

  @Test
  void aRangeFillsItsTemplate() throws Exception {
    ArgsSpec range = new ArgsSpec(null, new ArgsSpec.Range(5, 9, 2L), null, List.of("1000", "{i}", "t{index}"));
    assertThat(JobPlan.of(spec("pi", null, range, null)).tasks()).extracting(TaskSpec::args)
        .containsExactly(List.of("1000", "5", "t0"), List.of("1000", "7", "t1"), List.of("1000", "9", "t2"));
  }

  @Test
  void mistakesNameTheirField() throws IOException {
    assertThatThrownBy(() -> spec("nope", null, new ArgsSpec(List.of(List.of()), null, null, null), null))
        .hasMessageContaining("sample: no sample 'nope'");
    assertThatThrownBy(() -> spec("pi", null, null, null)).hasMessageContaining("exactly one of 'inputs'");
    assertThatThrownBy(() -> new ArgsSpec(null, new ArgsSpec.Range(1, 2, null), null, List.of("{j}")))
        .hasMessageContaining("unknown placeholder {j}");
    assertThatThrownBy(() -> ReduceSpec.of("sum")).hasMessageContaining("'sum' is not none, concat, png");
    assertThatThrownBy(() -> new JobSpec("x", null, "pi", null, new ArgsSpec(List.of(List.of()), null, null, null),
        null, BigInteger.ONE, BigInteger.TWO, BigDecimal.ONE, null, null, null, null, null, null, null, null, null,
        null, null)).hasMessageContaining("targetPricePerMegaFuel");
    assertThatThrownBy(() -> JobPlan.of(spec("pi", null, new ArgsSpec(List.of(List.of()), null, null, null),
        ReduceSpec.of("png")))).isInstanceOf(InvalidJobException.class).hasMessageContaining("png");
    Path notWasm = Files.writeString(dir.resolve("m.wasm"), "hello world");
    JobSpec bad = new JobSpec("x", notWasm, null, null, new ArgsSpec(List.of(List.of()), null, null, null), null,
        BigInteger.ONE, null, BigDecimal.ONE, null, null, null, null, null, null, null, null, null, null, null);
    assertThatThrownBy(() -> JobPlan.of(bad)).hasMessageContaining("module:").hasMessageContaining("not a WebAssembly");
    Path empty = Files.writeString(dir.resolve("empty.txt"), "");
    assertThatThrownBy(() -> JobPlan.of(spec("wordcount", new InputSpec(empty, null, 2), null, null)))
        .hasMessageContaining("inputs.file").hasMessageContaining("empty");
  }
}
