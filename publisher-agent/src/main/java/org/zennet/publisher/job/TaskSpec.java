package org.zennet.publisher.job;

import java.util.List;

/**
 * One map task of a job: its index, its arguments, and the part of the input file it reads on stdin.
 *
 * @param index 0-based, the task's id in the job (and its WASI random seed)
 * @param args argv after the program name
 * @param inputOffset where its input starts in the input file
 * @param inputLength how many bytes of the input it reads (0 for no input)
 */
public record TaskSpec(int index, List<String> args, long inputOffset, long inputLength) {
  public TaskSpec {
    if (index < 0 || inputOffset < 0 || inputLength < 0) {
      throw new IllegalArgumentException("task index, input offset and length must not be negative");
    }
    args = List.copyOf(args);
  }

  /** A task with arguments and no input. */
  public static TaskSpec ofArgs(int index, List<String> args) {
    return new TaskSpec(index, args, 0, 0);
  }
}
