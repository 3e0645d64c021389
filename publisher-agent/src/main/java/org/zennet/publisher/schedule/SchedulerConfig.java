package org.zennet.publisher.schedule;

import java.time.Duration;

/**
 * How the {@link Scheduler} hands out work.
 *
 * @param taskTimeout a run not answered within this is given up and the task runs elsewhere
 * @param maxAttempts failed runs (task errors, timeouts) after which a task is given up as failed
 * @param maxRuns results after which a task whose results do not agree is given up
 * @param speculateAfterMin a run is a straggler once it has taken this long and twice the median run
 * @param verificationWait how long a replica may wait for a provider that has not run the task yet before the
 *     task is accepted unverified (a job with a single provider cannot be verified)
 */
public record SchedulerConfig(Duration taskTimeout, int maxAttempts, int maxRuns, Duration speculateAfterMin,
    Duration verificationWait) {
  public static final int DEFAULT_MAX_ATTEMPTS = 3;
  public static final int DEFAULT_MAX_RUNS = 5;
  public static final Duration DEFAULT_SPECULATE_AFTER_MIN = Duration.ofSeconds(2);
  public static final Duration DEFAULT_VERIFICATION_WAIT = Duration.ofSeconds(30);

  public SchedulerConfig {
    if (taskTimeout == null || taskTimeout.isNegative() || taskTimeout.isZero()) {
      throw new IllegalArgumentException("taskTimeout must be positive");
    }
    if (maxAttempts < 1 || maxRuns < 3) {
      throw new IllegalArgumentException("maxAttempts must be at least 1 and maxRuns at least 3");
    }
  }

  /** The defaults with {@code taskTimeout}. */
  public static SchedulerConfig withTimeout(Duration taskTimeout) {
    return new SchedulerConfig(taskTimeout, DEFAULT_MAX_ATTEMPTS, DEFAULT_MAX_RUNS, DEFAULT_SPECULATE_AFTER_MIN,
        DEFAULT_VERIFICATION_WAIT);
  }
}
