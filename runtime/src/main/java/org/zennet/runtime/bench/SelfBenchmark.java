package org.zennet.runtime.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.zennet.runtime.Samples.Sample;
import org.zennet.runtime.TaskFailure;
import org.zennet.runtime.TaskInput;
import org.zennet.runtime.TaskLimits;
import org.zennet.runtime.TaskResult;
import org.zennet.runtime.TaskRuntime;

/**
 * How fast this machine burns fuel, as a provider states it in its bids: the median fuel per second of the
 * standard module (the bundled {@code pi} sample, {@value #SAMPLES} samples, seed 1) on the given runtime,
 * after warm-up. One slot's figure: a provider with N slots offers about N times it.
 */
public final class SelfBenchmark {
  public static final String SAMPLES = "2000000";
  public static final int DEFAULT_WARMUPS = 3;
  public static final int DEFAULT_REPEATS = 5;

  /**
   * The measurement.
   *
   * @param fuelPerSecond fuel of one run divided by its median wall time
   * @param fuel the fuel one run of the standard module uses (always the same)
   * @param median the median wall time
   */
  public record Result(long fuelPerSecond, long fuel, Duration median) {}

  private SelfBenchmark() {}

  public static Result measure(TaskRuntime runtime) throws TaskFailure, InterruptedException {
    return measure(runtime, DEFAULT_WARMUPS, DEFAULT_REPEATS);
  }

  public static Result measure(TaskRuntime runtime, int warmups, int repeats) throws TaskFailure, InterruptedException {
    if (repeats < 1 || warmups < 0) {
      throw new IllegalArgumentException("need at least one measured run");
    }
    TaskInput input = TaskInput.ofArgs(SAMPLES, "1");
    var module = Sample.PI.module();
    TaskLimits limits = TaskLimits.DEFAULT.withFuel(Long.MAX_VALUE).withTimeout(Duration.ofMinutes(10));
    for (int i = 0; i < warmups; i++) {
      runtime.run(module, input, limits).requireSuccess();
    }
    List<Duration> times = new ArrayList<>();
    long fuel = 0;
    for (int i = 0; i < repeats; i++) {
      TaskResult r = runtime.run(module, input, limits).requireSuccess();
      times.add(r.wallTime());
      fuel = r.fuelUsed();
    }
    Collections.sort(times);
    Duration median = times.get(times.size() / 2);
    long nanos = Math.max(1, median.toNanos());
    return new Result((long) (fuel * 1e9 / nanos), fuel, median);
  }
}
