package org.zennet.provider;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.zennet.contracts.Xen;

/**
 * The provider's Prometheus metrics, all named {@code zennet_provider_*}: tasks and fuel delivered, refusals by
 * code, vouchers accepted and rejected, tasks running, jobs under way, and the XEN earned, redeemed and still
 * unredeemed (of every channel in the database: those of jobs over before the agent started are summed once at
 * start-up, the others are read at each scrape).
 */
public final class ProviderMetrics {
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Counter tasks;
  private final Counter fuel;
  private final AtomicInteger running = new AtomicInteger();
  // held here: a gauge holds its object weakly, and a supplier nobody else keeps reads NaN after a GC
  private final Supplier<Totals> totals;

  /** Sums of the store's money, for the gauges. */
  public record Totals(BigInteger earned, BigInteger redeemed, int activeJobs) {}

  public ProviderMetrics(Supplier<Totals> totals) {
    this.totals = totals;
    tasks = Counter.builder("zennet_provider_tasks").description("Tasks answered with a result").register(registry);
    fuel = Counter.builder("zennet_provider_fuel").description("Fuel of the results delivered").register(registry);
    Gauge.builder("zennet_provider_running_tasks", running, AtomicInteger::get).description("Tasks running now")
        .strongReference(true).register(registry);
    Gauge.builder("zennet_provider_jobs_active", totals, t -> t.get().activeJobs())
        .description("Jobs with an agreement that are not over").strongReference(true).register(registry);
    Gauge.builder("zennet_provider_earned_xen", totals, t -> xen(t.get().earned()))
        .description("XEN held in the best vouchers of every channel").strongReference(true).register(registry);
    Gauge.builder("zennet_provider_redeemed_xen", totals, t -> xen(t.get().redeemed()))
        .description("XEN paid out on chain (redeemed or closed)").strongReference(true).register(registry);
    Gauge.builder("zennet_provider_unredeemed_xen", totals, t -> xen(t.get().earned().subtract(t.get().redeemed())))
        .description("XEN held in vouchers not yet paid out").strongReference(true).register(registry);
  }

  private static double xen(BigInteger wei) {
    return new BigDecimal(wei).movePointLeft(Xen.DECIMALS).doubleValue();
  }

  public void taskDone(long taskFuel) {
    tasks.increment();
    fuel.increment(taskFuel);
  }

  public void taskRefused(String code) {
    registry.counter("zennet_provider_task_errors", "code", code).increment();
  }

  public void runningChanged(int delta) {
    running.addAndGet(delta);
  }

  /** @param result accepted or rejected */
  public void voucher(String result) {
    registry.counter("zennet_provider_vouchers", "result", result).increment();
  }

  /** @param kind redeem, close, delegate */
  public void chainAction(String kind, String result) {
    registry.counter("zennet_provider_actions", "kind", kind, "result", result).increment();
  }

  /** @param outcome joined or the reason a job was skipped */
  public void job(String outcome) {
    registry.counter("zennet_provider_jobs", "outcome", outcome).increment();
  }

  /** The Prometheus text exposition. */
  public String scrape() {
    return registry.scrape();
  }
}
