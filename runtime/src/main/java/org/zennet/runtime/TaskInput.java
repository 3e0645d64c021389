package org.zennet.runtime;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * What one task gets from the host: its stdin, its arguments and the seed of its random numbers.
 * The task sees {@code argv = ["task", args...]}: argv[0] is always {@link #PROGRAM_NAME}, so that no
 * local path leaks in and changes the output.
 *
 * @param stdin the whole standard input
 * @param args the arguments after argv[0]
 * @param seed seeds WASI {@code random_get} (see {@link DeterministicWasi})
 */
public record TaskInput(byte[] stdin, List<String> args, long seed) {
  public static final String PROGRAM_NAME = "task";

  public TaskInput {
    if (stdin == null) {
      throw new IllegalArgumentException("stdin must not be null (use an empty array)");
    }
    args = List.copyOf(args);
  }

  public static TaskInput of(String stdin, String... args) {
    return new TaskInput(stdin.getBytes(StandardCharsets.UTF_8), List.of(args), 0);
  }

  public static TaskInput ofArgs(String... args) {
    return new TaskInput(new byte[0], List.of(args), 0);
  }

  public TaskInput withSeed(long newSeed) {
    return new TaskInput(stdin, args, newSeed);
  }

  /** The full argv the task sees. */
  public List<String> argv() {
    List<String> argv = new ArrayList<>(args.size() + 1);
    argv.add(PROGRAM_NAME);
    argv.addAll(args);
    return argv;
  }
}
