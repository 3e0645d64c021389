package org.zennet.publisher.job;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.zennet.contracts.Xen;
import org.zennet.runtime.Samples;

/**
 * A job as its publisher writes it ({@code job.yaml}): the module, where the tasks come from, how the results
 * are reduced, what the publisher pays and how it checks the work. Validated here, field by field; see
 * {@code docs/publisher.md} for the file format. Optional fields are null in YAML and get their
 * {@code DEFAULT_*} here.
 *
 * @param name for people, 1..200 characters
 * @param module a WASI command module file; exactly one of {@code module} and {@code sample}
 * @param sample a bundled sample module ({@code wordcount}, {@code pi}, {@code raytrace})
 * @param inputs map tasks from a file split into chunks; exactly one of {@code inputs} and {@code args}
 * @param args map tasks from argument lists
 * @param reduce what is done with the map outputs (default: keep them, {@code none})
 * @param maxPricePerMegaFuel the most paid, XEN wei per million fuel (posted on chain)
 * @param targetPricePerMegaFuel what the publisher counters bids above with (default: the maximum)
 * @param budget the most spent on the job, in XEN ({@code "25"}, {@code "0.5"}); it is deposited in escrow
 * @param replication the fraction of tasks re-run on a second provider, 0..1 (default 0.05)
 * @param paymentIncrementMegaFuel a voucher at least every this many million fuel (default 100); results that
 *     together use less than half of it may share one voucher
 * @param fuelPerTask the fuel cap of one task (default 10^10)
 * @param memoryMb the memory cap of one task, MiB (default 64)
 * @param taskTimeout the wall-clock cap of one task (default 60 s)
 * @param maxOutputBytes the output cap of one task (default 64 MiB)
 * @param minProviders tasks start once this many providers have channels (default 1)
 * @param maxProviders at most this many providers (default 100)
 * @param biddingWindow how long bids are collected before the first choice (default 3 s)
 * @param acceptFor how long the job takes providers after it is posted (default 10 min)
 * @param output where results go (default {@code out/<name>} in the working directory)
 */
public record JobSpec(
    String name,
    Path module,
    String sample,
    InputSpec inputs,
    ArgsSpec args,
    ReduceSpec reduce,
    BigInteger maxPricePerMegaFuel,
    BigInteger targetPricePerMegaFuel,
    BigDecimal budget,
    Double replication,
    Long paymentIncrementMegaFuel,
    Long fuelPerTask,
    Integer memoryMb,
    Duration taskTimeout,
    Long maxOutputBytes,
    Integer minProviders,
    Integer maxProviders,
    Duration biddingWindow,
    Duration acceptFor,
    Path output) {

  public static final double DEFAULT_REPLICATION = 0.05;
  public static final long DEFAULT_PAYMENT_INCREMENT_MEGA_FUEL = 100;
  public static final long DEFAULT_FUEL_PER_TASK = 10_000_000_000L;
  public static final int DEFAULT_MEMORY_MB = 64;
  public static final Duration DEFAULT_TASK_TIMEOUT = Duration.ofSeconds(60);
  public static final long DEFAULT_MAX_OUTPUT_BYTES = 64L << 20;
  public static final int DEFAULT_MIN_PROVIDERS = 1;
  public static final int DEFAULT_MAX_PROVIDERS = 100;
  public static final Duration DEFAULT_BIDDING_WINDOW = Duration.ofSeconds(3);
  public static final Duration DEFAULT_ACCEPT_FOR = Duration.ofMinutes(10);
  /** The most providers one job takes; one openChannels transaction opens at most 1,000 channels. */
  public static final int MAX_PROVIDERS = 10_000;

  public JobSpec {
    if (name == null || name.isBlank() || name.length() > 200) {
      throw new IllegalArgumentException("name: must be 1..200 characters");
    }
    if ((module == null) == (sample == null)) {
      throw new IllegalArgumentException("give exactly one of 'module' (a .wasm file) and 'sample' (one of "
          + Samples.all().stream().map(Samples.Sample::id).toList() + ")");
    }
    if (sample != null && Samples.find(sample).isEmpty()) {
      throw new IllegalArgumentException("sample: no sample '" + sample + "'; the samples are "
          + Samples.all().stream().map(Samples.Sample::id).toList());
    }
    if ((inputs == null) == (args == null)) {
      throw new IllegalArgumentException("give exactly one of 'inputs' (a file split into tasks) and 'args' "
          + "(argument lists, one task each)");
    }
    reduce = reduce == null ? ReduceSpec.NONE : reduce;
    if (maxPricePerMegaFuel == null || maxPricePerMegaFuel.signum() <= 0) {
      throw new IllegalArgumentException("maxPricePerMegaFuel: must be a positive number of XEN wei per million fuel");
    }
    targetPricePerMegaFuel = targetPricePerMegaFuel == null ? maxPricePerMegaFuel : targetPricePerMegaFuel;
    if (targetPricePerMegaFuel.signum() <= 0 || targetPricePerMegaFuel.compareTo(maxPricePerMegaFuel) > 0) {
      throw new IllegalArgumentException("targetPricePerMegaFuel: must be positive and at most maxPricePerMegaFuel ("
          + maxPricePerMegaFuel + "), got " + targetPricePerMegaFuel);
    }
    if (budget == null) {
      throw new IllegalArgumentException("budget: missing; the most XEN the job may spend, e.g. budget: 50");
    }
    try {
      if (Xen.parse(budget.toPlainString()).signum() <= 0) {
        throw new IllegalArgumentException("must be positive");
      }
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("budget: " + e.getMessage());
    }
    replication = replication == null ? DEFAULT_REPLICATION : replication;
    if (!(replication >= 0 && replication <= 1)) {
      throw new IllegalArgumentException("replication: must be between 0 and 1, got " + replication);
    }
    paymentIncrementMegaFuel = positive("paymentIncrementMegaFuel", paymentIncrementMegaFuel,
        DEFAULT_PAYMENT_INCREMENT_MEGA_FUEL, Long.MAX_VALUE);
    fuelPerTask = positive("fuelPerTask", fuelPerTask, DEFAULT_FUEL_PER_TASK, Long.MAX_VALUE);
    memoryMb = (int) positive("memoryMb", memoryMb == null ? null : memoryMb.longValue(), DEFAULT_MEMORY_MB, 4096);
    taskTimeout = taskTimeout == null ? DEFAULT_TASK_TIMEOUT : taskTimeout;
    if (taskTimeout.isNegative() || taskTimeout.toMillis() < 1) {
      throw new IllegalArgumentException("taskTimeout: must be at least 1 ms, got " + taskTimeout);
    }
    maxOutputBytes = positive("maxOutputBytes", maxOutputBytes, DEFAULT_MAX_OUTPUT_BYTES, Long.MAX_VALUE);
    minProviders = (int) positive("minProviders", minProviders == null ? null : minProviders.longValue(),
        DEFAULT_MIN_PROVIDERS, MAX_PROVIDERS);
    maxProviders = (int) positive("maxProviders", maxProviders == null ? null : maxProviders.longValue(),
        Math.max(DEFAULT_MAX_PROVIDERS, minProviders), MAX_PROVIDERS);
    if (maxProviders < minProviders) {
      throw new IllegalArgumentException("maxProviders (" + maxProviders + ") is below minProviders (" + minProviders + ")");
    }
    biddingWindow = biddingWindow == null ? DEFAULT_BIDDING_WINDOW : biddingWindow;
    if (biddingWindow.isNegative()) {
      throw new IllegalArgumentException("biddingWindow: must not be negative");
    }
    acceptFor = acceptFor == null ? DEFAULT_ACCEPT_FOR : acceptFor;
    if (acceptFor.compareTo(biddingWindow) <= 0) {
      throw new IllegalArgumentException("acceptFor (" + acceptFor + ") must be longer than biddingWindow ("
          + biddingWindow + ")");
    }
    if (output == null) {
      output = Path.of("out", name.replaceAll("[^A-Za-z0-9._-]+", "-"));
    }
  }

  private static long positive(String field, Long value, long fallback, long max) {
    long v = value == null ? fallback : value;
    if (v < 1 || v > max) {
      throw new IllegalArgumentException(field + ": must be 1.." + max + ", got " + v);
    }
    return v;
  }

  /** The budget in wei. */
  public BigInteger budgetWei() {
    return Xen.parse(budget.toPlainString());
  }

  /** The bundled sample, when the module is one. */
  public Optional<Samples.Sample> sampleModule() {
    return Optional.ofNullable(sample).flatMap(Samples::find);
  }

  /** The memory cap in 64 KiB pages. */
  public int memoryPages() {
    return memoryMb * 16;
  }

  /** This job with its results under {@code folder}. */
  public JobSpec withOutput(Path folder) {
    return new JobSpec(name, module, sample, inputs, args, reduce, maxPricePerMegaFuel, targetPricePerMegaFuel,
        budget, replication, paymentIncrementMegaFuel, fuelPerTask, memoryMb, taskTimeout, maxOutputBytes,
        minProviders, maxProviders, biddingWindow, acceptFor, folder);
  }
}
