package org.zennet.publisher.results;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/**
 * The results folder of a job: each provider's answer to a run while its task is open
 * ({@code .runs/TASK-PROVIDER}), the settled map outputs by task index ({@code map/000042}), and the
 * final result of the reduce step.
 */
public final class ResultFiles {
  private final Path root;

  public ResultFiles(Path root) throws IOException {
    this.root = root;
    Files.createDirectories(root.resolve("map"));
    Files.createDirectories(root.resolve(".runs"));
  }

  public Path root() {
    return root;
  }

  /** Where the answer of {@code provider} for {@code task} is kept until the task settles. */
  public Path runFile(int task, String provider) {
    return root.resolve(".runs").resolve(task + "-" + provider);
  }

  /** Where task {@code task}'s settled map output is. */
  public Path mapFile(int task) {
    return root.resolve("map").resolve(String.format("%06d", task));
  }

  /** Writes a run's answer. */
  public void writeRun(int task, String provider, byte[] output) throws IOException {
    Path tmp = runFile(task, provider).resolveSibling(task + "-" + provider + ".tmp");
    Files.write(tmp, output);
    Files.move(tmp, runFile(task, provider), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** Makes {@code provider}'s answer the map output of {@code task}. */
  public void settle(int task, String provider) throws IOException {
    Path run = runFile(task, provider);
    if (Files.exists(run)) {
      Files.copy(run, mapFile(task), StandardCopyOption.REPLACE_EXISTING);
    } else if (!Files.exists(mapFile(task))) {
      throw new IOException("the answer of " + provider + " for task " + task + " is missing from " + run);
    }
  }

  /** Every map output in task order, concatenated into {@code out}. */
  public void concatenate(int taskCount, OutputStream out) throws IOException {
    for (int i = 0; i < taskCount; i++) {
      Files.copy(mapFile(i), out);
    }
  }

  /** Removes the kept answers of runs (once every task is settled). */
  public void removeRuns() throws IOException {
    try (Stream<Path> files = Files.list(root.resolve(".runs"))) {
      for (Path f : (Iterable<Path>) files::iterator) {
        Files.deleteIfExists(f);
      }
    }
    Files.deleteIfExists(root.resolve(".runs"));
  }
}
