package org.zennet.cli.demo;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.zennet.cli.ConfigFile;
import org.zennet.cli.UserError;
import org.zennet.publisher.job.InvalidJobException;
import org.zennet.publisher.job.JobPlan;
import org.zennet.publisher.job.JobSpec;

/**
 * The demo's built-in jobs ({@code raytrace}, {@code wordcount}, {@code pi}: job files kept beside this class)
 * and the reading of any other job file. A built-in job file is written into the demo's folder with its
 * {@code minProviders} set to the number of providers, so that every provider gets a channel in the one
 * {@code openChannels} transaction; the word count's text is generated there too.
 */
public final class DemoJobs {
  /** The built-in jobs, by the name {@code --job} takes. */
  public static final List<String> BUILT_IN = List.of("raytrace", "wordcount", "pi");
  /** Lines of the word count's generated text. */
  static final int CORPUS_LINES = 40_000;
  private static final String[] WORDS = ("market cycles provider publisher voucher channel escrow block chain task "
      + "fuel module sandbox token price bid agreement result replica watcher close settle redeem deposit job "
      + "tile render scene light shadow sphere plane ray pixel colour idle desktop machine research afternoon "
      + "thousand batch proof stake validator finality peer stream yamux noise").split(" ");

  private DemoJobs() {}

  /**
   * The job file for {@code job}: a built-in job written into {@code dir}, or {@code job} itself as a path.
   *
   * @param minProviders the built-in job's {@code minProviders}
   */
  public static Path jobFile(String job, int minProviders, Path dir) throws IOException {
    if (!BUILT_IN.contains(job)) {
      Path file = Path.of(job);
      if (!Files.isRegularFile(file)) {
        throw new UserError("--job: '" + job + "' is neither a built-in job (" + String.join(", ", BUILT_IN)
            + ") nor a job file", 2);
      }
      return file;
    }
    String yaml;
    try (InputStream in = DemoJobs.class.getResourceAsStream(job + ".yaml")) {
      if (in == null) {
        throw new IllegalStateException("the built-in job " + job + " is missing from the build");
      }
      yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    Path folder = Files.createDirectories(dir);
    if (job.equals("wordcount")) {
      writeCorpus(folder.resolve("corpus.txt"));
    }
    Path file = folder.resolve(job + ".yaml");
    Files.writeString(file, yaml.replace("${minProviders}", Integer.toString(minProviders)));
    return file;
  }

  /** Reads and checks a job file, its results going to {@code output}; a bad file is a user error naming the field. */
  public static JobPlan plan(Path jobFile, Path output) {
    JobSpec spec = ConfigFile.read(jobFile, JobSpec.class).withOutput(output);
    try {
      return JobPlan.of(spec);
    } catch (InvalidJobException e) {
      throw new UserError(jobFile + ": " + e.getMessage());
    }
  }

  /** A text of {@link #CORPUS_LINES} lines of words drawn from a fixed list with a fixed seed: the same on every machine. */
  static void writeCorpus(Path file) throws IOException {
    SplittableRandom random = new SplittableRandom(2026);
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (int line = 0; line < CORPUS_LINES; line++) {
        int words = 4 + random.nextInt(12);
        for (int w = 0; w < words; w++) {
          if (w > 0) {
            out.write(' ');
          }
          out.write(WORDS[random.nextInt(WORDS.length)]);
        }
        out.write('\n');
      }
    }
  }
}
