package org.zennet.publisher.job;

import java.nio.file.Path;

/**
 * Map tasks from one input file, split the Hadoop way into {@code chunks} pieces of about equal size: by
 * lines (a chunk ends after a newline, so no line is cut; fewer chunks when there are fewer lines) or by
 * bytes (exact ranges). Each task reads its chunk on stdin.
 *
 * @param file the input file
 * @param split {@code lines} (default) or {@code bytes}
 * @param chunks how many tasks, 1..1,000,000
 */
public record InputSpec(Path file, Split split, Integer chunks) {
  public static final int MAX_CHUNKS = 1_000_000;

  /** How the file is cut. */
  public enum Split {
    lines, bytes
  }

  public InputSpec {
    if (file == null) {
      throw new IllegalArgumentException("inputs.file: missing");
    }
    split = split == null ? Split.lines : split;
    if (chunks == null || chunks < 1 || chunks > MAX_CHUNKS) {
      throw new IllegalArgumentException("inputs.chunks: must be 1.." + MAX_CHUNKS + ", got " + chunks);
    }
  }
}
