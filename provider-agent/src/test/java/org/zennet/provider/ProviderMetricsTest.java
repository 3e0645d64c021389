package org.zennet.provider;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ProviderMetricsTest {
  private static final BigInteger XEN = BigInteger.TEN.pow(18);

  @Test
  void moneyGaugesReadTheTotalsInXenAndCountersCountWhatHappened() {
    AtomicReference<ProviderMetrics.Totals> totals = new AtomicReference<>(
        new ProviderMetrics.Totals(XEN.multiply(BigInteger.valueOf(3)), XEN, 2));
    ProviderMetrics metrics = new ProviderMetrics(totals::get);
    metrics.taskDone(1_500);
    metrics.taskDone(500);
    metrics.taskRefused("FUEL_EXHAUSTED");
    metrics.voucher("accepted");
    metrics.chainAction("redeem", "ok");
    metrics.job("agreed");
    metrics.runningChanged(1);

    String text = metrics.scrape();
    assertThat(text).contains("zennet_provider_earned_xen 3.0", "zennet_provider_redeemed_xen 1.0",
        "zennet_provider_unredeemed_xen 2.0", "zennet_provider_jobs_active 2.0", "zennet_provider_running_tasks 1.0",
        "zennet_provider_tasks_total 2.0", "zennet_provider_fuel_total 2000.0",
        "zennet_provider_task_errors_total{code=\"FUEL_EXHAUSTED\"} 1.0",
        "zennet_provider_vouchers_total{result=\"accepted\"} 1.0",
        "zennet_provider_actions_total{kind=\"redeem\",result=\"ok\"} 1.0",
        "zennet_provider_jobs_total{outcome=\"agreed\"} 1.0");

    totals.set(new ProviderMetrics.Totals(XEN.multiply(BigInteger.valueOf(5)), XEN.multiply(BigInteger.valueOf(5)), 0));
    assertThat(metrics.scrape()).as("read at each scrape").contains("zennet_provider_earned_xen 5.0",
        "zennet_provider_unredeemed_xen 0.0", "zennet_provider_jobs_active 0.0");
  }

  @Test
  void gaugesStillReadTheirValuesAfterAGarbageCollection() throws Exception {
    // the agent passes a method reference that nothing else holds (a capturing lambda is the same: a new object that
    // only the metrics see); a weakly held gauge would read NaN after a GC
    BigInteger earned = XEN;
    ProviderMetrics metrics = new ProviderMetrics(() -> new ProviderMetrics.Totals(earned, BigInteger.ZERO, 1));
    for (int i = 0; i < 5; i++) {
      System.gc();
      Thread.sleep(20);
    }
    assertThat(metrics.scrape()).contains("zennet_provider_earned_xen 1.0", "zennet_provider_jobs_active 1.0")
        .doesNotContain("NaN");
  }
}
