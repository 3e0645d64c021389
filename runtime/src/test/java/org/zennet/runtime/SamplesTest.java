package org.zennet.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.zennet.runtime.Samples.Sample;

/** The bundled samples against independent Java computations, metered and unmetered. */
class SamplesTest {
  private static TaskRuntime metered;
  private static TaskRuntime unmetered;

  @BeforeAll
  static void start() {
    metered = TaskRuntime.chicory(RuntimeConfig.DEFAULT.withSlots(2));
    unmetered = TaskRuntime.chicory(RuntimeConfig.DEFAULT.withSlots(2).withMetering(false));
  }

  @AfterAll
  static void stop() {
    metered.close();
    unmetered.close();
  }

  @Test
  void everySampleIsBundled() {
    assertThat(Samples.all()).extracting(Sample::id).containsExactly("wordcount", "pi", "wordsum", "pisum", "raytrace");
    assertThat(Samples.find("pi")).contains(Sample.PI);
    assertThat(Samples.find("nope")).isEmpty();
    for (Sample s : Samples.all()) {
      assertThat(s.bytes()).startsWith(0, 'a', 's', 'm');
    }
  }

  @Test
  void wordcountCountsLikeJava() throws Exception {
    StringBuilder text = new StringBuilder();
    java.util.Random r = new java.util.Random(3);
    String[] words = {"alpha", "Beta", "GAMMA", "delta", "x1", "42", "é", "don't", "well-known"};
    for (int i = 0; i < 5000; i++) {
      text.append(words[r.nextInt(words.length)]).append(r.nextInt(4) == 0 ? ",\n" : " ");
    }
    TaskInput input = TaskInput.of(text.toString());

    TaskResult result = metered.run(Sample.WORDCOUNT.module(), input, TaskLimits.DEFAULT);

    assertThat(result.exitCode()).isZero();
    assertThat(result.stdoutText()).isEqualTo(javaWordcount(text.toString()));
    assertThat(unmetered.run(Sample.WORDCOUNT.module(), input, TaskLimits.DEFAULT).stdout()).isEqualTo(result.stdout());
  }

  @Test
  void wordsumOfTheMapOutputsOfChunksEqualsWordcountOfTheWhole() throws Exception {
    StringBuilder text = new StringBuilder();
    java.util.Random r = new java.util.Random(5);
    String[] words = {"alpha", "Beta", "GAMMA", "delta", "x1", "42", "zeta"};
    for (int i = 0; i < 3000; i++) {
      text.append(words[r.nextInt(words.length)]).append(i % 7 == 0 ? "\n" : " ");
    }
    String[] lines = text.toString().split("(?<=\n)");
    StringBuilder maps = new StringBuilder();
    int chunk = lines.length / 4 + 1;
    for (int from = 0; from < lines.length; from += chunk) {
      String part = String.join("", java.util.Arrays.copyOfRange(lines, from, Math.min(lines.length, from + chunk)));
      maps.append(metered.run(Sample.WORDCOUNT.module(), TaskInput.of(part), TaskLimits.DEFAULT).stdoutText());
    }

    TaskResult reduced = metered.run(Sample.WORDSUM.module(), TaskInput.of(maps.toString()), TaskLimits.DEFAULT);

    assertThat(reduced.exitCode()).isZero();
    assertThat(reduced.stdoutText()).isEqualTo(javaWordcount(text.toString()));
  }

  @Test
  void reducersRefuseMalformedLines() throws Exception {
    TaskResult words = metered.run(Sample.WORDSUM.module(), TaskInput.of("alpha\t3\nbeta 4\n"), TaskLimits.DEFAULT);
    assertThat(words.exitCode()).isEqualTo(1);
    assertThat(words.stderrText()).contains("not 'word<TAB>count'");
    TaskResult pi = metered.run(Sample.PISUM.module(), TaskInput.of("1 2 3\nnope\n"), TaskLimits.DEFAULT);
    assertThat(pi.exitCode()).isEqualTo(1);
    assertThat(pi.stderrText()).contains("line 2");
  }

  @Test
  void pisumAddsHitsAndSamples() throws Exception {
    TaskResult r = metered.run(Sample.PISUM.module(), TaskInput.of("3 4 3\n7 8 3.5\n"), TaskLimits.DEFAULT);
    String[] parts = r.stdoutText().strip().split(" ");
    assertThat(parts).hasSize(3).startsWith("10", "12");
    // AssemblyScript prints doubles with its own digits (…337 where Java prints …335): compare the value
    assertThat(Double.parseDouble(parts[2])).isCloseTo(40.0 / 12.0, org.assertj.core.data.Offset.offset(1e-15));
  }

  @Test
  void wordcountOfNothingIsNothing() throws Exception {
    assertThat(metered.run(Sample.WORDCOUNT.module(), TaskInput.of(""), TaskLimits.DEFAULT).stdout()).isEmpty();
  }

  static String javaWordcount(String text) {
    Map<String, Integer> counts = new TreeMap<>();
    Matcher m = Pattern.compile("[A-Za-z0-9]+").matcher(text);
    while (m.find()) {
      counts.merge(m.group().toLowerCase(java.util.Locale.ROOT), 1, Integer::sum);
    }
    StringBuilder out = new StringBuilder();
    counts.forEach((w, c) -> out.append(w).append('\t').append(c).append('\n'));
    return out.toString();
  }

  @Test
  void piHitsMatchJava() throws Exception {
    TaskResult result = metered.run(Sample.PI.module(), TaskInput.ofArgs("100000", "12345"), TaskLimits.DEFAULT);

    String[] parts = result.stdoutText().strip().split(" ");
    long hits = javaPiHits(100_000, 12345);
    assertThat(Long.parseLong(parts[0])).isEqualTo(hits);
    assertThat(parts[1]).isEqualTo("100000");
    assertThat(Double.parseDouble(parts[2])).isEqualTo(4.0 * hits / 100_000);
    assertThat(Double.parseDouble(parts[2])).isBetween(3.1, 3.2);
  }

  @Test
  void piWithAnotherSeedGivesAnotherCount() throws Exception {
    TaskResult a = metered.run(Sample.PI.module(), TaskInput.ofArgs("10000", "1"), TaskLimits.DEFAULT);
    TaskResult b = metered.run(Sample.PI.module(), TaskInput.ofArgs("10000", "2"), TaskLimits.DEFAULT);
    assertThat(a.stdoutText()).isNotEqualTo(b.stdoutText());
    assertThat(a.stdoutText()).startsWith(javaPiHits(10_000, 1) + " ");
  }

  static long javaPiHits(long samples, long seed) {
    long[] state = {seed == 0 ? 0x9E3779B97F4A7C15L : seed};
    java.util.function.DoubleSupplier unit = () -> {
      long s = state[0];
      s ^= s >>> 12;
      s ^= s << 25;
      s ^= s >>> 27;
      state[0] = s;
      return (double) ((s * 0x2545F4914F6CDD1DL) >>> 11) * (1.0 / 9007199254740992.0);
    };
    long hits = 0;
    for (long i = 0; i < samples; i++) {
      double x = unit.getAsDouble();
      double y = unit.getAsDouble();
      if (x * x + y * y <= 1.0) {
        hits++;
      }
    }
    return hits;
  }

  @Test
  void raytraceRendersTheSameTileAsTheJavaPort() throws Exception {
    TaskInput input = TaskInput.ofArgs("160", "120", "40", "30", "48", "40");
    TaskResult result = metered.run(Sample.RAYTRACE.module(), input, TaskLimits.DEFAULT);

    assertThat(result.exitCode()).isZero();
    assertThat(result.stdout()).hasSize(48 * 40 * 3);
    assertThat(result.stdout()).isEqualTo(JavaRaytrace.tile(160, 120, 40, 30, 48, 40));
    assertThat(unmetered.run(Sample.RAYTRACE.module(), input, TaskLimits.DEFAULT).stdout()).isEqualTo(result.stdout());
  }

  @Test
  void raytraceTilesAssembleIntoTheWholeImage() throws Exception {
    byte[] whole = metered.run(Sample.RAYTRACE.module(), TaskInput.ofArgs("32", "16", "0", "0", "32", "16"),
        TaskLimits.DEFAULT).stdout();
    byte[] right = metered.run(Sample.RAYTRACE.module(), TaskInput.ofArgs("32", "16", "16", "8", "16", "8"),
        TaskLimits.DEFAULT).stdout();
    for (int y = 0; y < 8; y++) {
      for (int i = 0; i < 16 * 3; i++) {
        assertThat(right[y * 48 + i]).isEqualTo(whole[((y + 8) * 32 + 16) * 3 + i]);
      }
    }
  }

  @Test
  void raytraceRefusesATileOutsideTheImage() throws Exception {
    TaskResult r = metered.run(Sample.RAYTRACE.module(), TaskInput.ofArgs("10", "10", "5", "5", "6", "6"), TaskLimits.DEFAULT);
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(new String(r.stderr(), StandardCharsets.UTF_8)).contains("inside the image");
  }
}
