package org.zennet.runtime;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A task that ran to its end: it returned from {@code _start} (exit code 0) or called {@code proc_exit}.
 *
 * @param exitCode 0 for success
 * @param stdout everything the task wrote on stdout
 * @param stderr the first {@link TaskLimits#maxStderrBytes()} bytes it wrote on stderr
 * @param fuelUsed fuel spent, by the counting rule of {@code docs/runtime.md}; -1 when metering was off
 * @param wallTime from the start of instantiation to the end (the module's preparation not included)
 */
public record TaskResult(int exitCode, byte[] stdout, byte[] stderr, long fuelUsed, Duration wallTime) {

  public boolean succeeded() {
    return exitCode == 0;
  }

  public String stdoutText() {
    return new String(stdout, StandardCharsets.UTF_8);
  }

  public String stderrText() {
    return new String(stderr, StandardCharsets.UTF_8);
  }

  /** This result when the exit code is 0, else a {@link TaskFailure.Reason#EXIT_NONZERO} failure. */
  public TaskResult requireSuccess() throws TaskFailure {
    if (exitCode != 0) {
      String err = stderrText().strip();
      throw new TaskFailure(TaskFailure.Reason.EXIT_NONZERO, "the task exited with code " + exitCode
          + (err.isEmpty() ? "" : ": " + err), fuelUsed, null);
    }
    return this;
  }

  @Override
  public String toString() {
    return "TaskResult[exit " + exitCode + ", " + stdout.length + " bytes out, fuel " + fuelUsed + ", " + wallTime + "]";
  }
}
