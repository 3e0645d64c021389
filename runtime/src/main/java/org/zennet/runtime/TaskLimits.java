package org.zennet.runtime;

import java.time.Duration;

/**
 * The caps of one task. Breaching one ends the task with a {@link TaskFailure} naming it.
 *
 * @param fuel the most fuel the task may use (instructions, see {@code docs/runtime.md})
 * @param memoryPages the most linear memory, in 64 KiB WebAssembly pages
 * @param timeout the most wall-clock time, from the start of instantiation
 * @param maxOutputBytes the most bytes the task may write on stdout
 * @param maxStderrBytes how much of stderr is kept (diagnostics; more is dropped, not a failure)
 */
public record TaskLimits(long fuel, int memoryPages, Duration timeout, long maxOutputBytes, int maxStderrBytes) {
  public static final long DEFAULT_FUEL = 10_000_000_000L;
  public static final int DEFAULT_MEMORY_PAGES = 1024; // 64 MiB
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
  public static final long DEFAULT_MAX_OUTPUT_BYTES = 64L << 20;
  public static final int DEFAULT_MAX_STDERR_BYTES = 64 << 10;
  public static final int PAGE_BYTES = 65_536;
  public static final int MAX_MEMORY_PAGES = 65_536;

  public static final TaskLimits DEFAULT = new TaskLimits(DEFAULT_FUEL, DEFAULT_MEMORY_PAGES, DEFAULT_TIMEOUT,
      DEFAULT_MAX_OUTPUT_BYTES, DEFAULT_MAX_STDERR_BYTES);

  public TaskLimits {
    if (fuel <= 0) {
      throw new IllegalArgumentException("fuel must be positive, got " + fuel);
    }
    if (memoryPages < 1 || memoryPages > MAX_MEMORY_PAGES) {
      throw new IllegalArgumentException("memoryPages must be 1.." + MAX_MEMORY_PAGES + " (64 KiB each), got " + memoryPages);
    }
    if (timeout == null || timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive, got " + timeout);
    }
    if (maxOutputBytes < 0 || maxStderrBytes < 0) {
      throw new IllegalArgumentException("output caps must not be negative");
    }
  }

  public TaskLimits withFuel(long newFuel) {
    return new TaskLimits(newFuel, memoryPages, timeout, maxOutputBytes, maxStderrBytes);
  }

  public TaskLimits withMemoryPages(int pages) {
    return new TaskLimits(fuel, pages, timeout, maxOutputBytes, maxStderrBytes);
  }

  public TaskLimits withTimeout(Duration newTimeout) {
    return new TaskLimits(fuel, memoryPages, newTimeout, maxOutputBytes, maxStderrBytes);
  }

  public TaskLimits withMaxOutputBytes(long bytes) {
    return new TaskLimits(fuel, memoryPages, timeout, bytes, maxStderrBytes);
  }

  /** The memory cap in pages for a cap in MiB (16 pages per MiB). */
  public static int pagesForMebibytes(long mebibytes) {
    if (mebibytes < 1 || mebibytes > 4096) {
      throw new IllegalArgumentException("memory must be 1..4096 MiB, got " + mebibytes);
    }
    return (int) (mebibytes * 16);
  }
}
