package org.zennet.watcher;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.zennet.contracts.Xen;
import org.zennet.protocol.wire.messages.DelegateNackReason;
import org.zennet.protocol.wire.messages.WatchMessage;

/**
 * The watcher's metrics, {@code zennet_watcher_*} in the Prometheus text format of {@code GET /metrics}
 * (docs/watcher.md lists them).
 */
final class WatcherMetrics {
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Timer delegationTime;
  private final Counter redeemTransactions;
  private final Counter redeemedChannels;
  private final Counter redeemedXen;
  private final Counter redeemFailures;
  private final AtomicLong held = new AtomicLong();

  WatcherMetrics() {
    delegationTime = Timer.builder("zennet.watcher.delegation").description("Time to check and commit a delegation")
        .register(registry);
    redeemTransactions = Counter.builder("zennet.watcher.redeem.transactions")
        .description("redeemMany transactions mined").register(registry);
    redeemedChannels = Counter.builder("zennet.watcher.redeemed.channels")
        .description("Vouchers redeemed").register(registry);
    redeemedXen = Counter.builder("zennet.watcher.redeemed.xen").description("XEN paid to providers by redeems")
        .register(registry);
    redeemFailures = Counter.builder("zennet.watcher.redeem.failures")
        .description("Redeem attempts that failed (retried or given up)").register(registry);
    Gauge.builder("zennet.watcher.channels.held", held, AtomicLong::get).description("Channels with a held voucher")
        .register(registry);
  }

  /** Registers the gauges read from the running watcher (held strongly: a weakly held supplier reads NaN after a GC). */
  void gauges(Supplier<Number> pending, Supplier<Number> head, Supplier<Number> cursorBlock, Supplier<Number> live) {
    Gauge.builder("zennet.watcher.redeem.pending", pending)
        .description("Channels waiting for a redeem").register(registry);
    Gauge.builder("zennet.watcher.chain.head", head)
        .description("The latest block the watcher saw").register(registry);
    Gauge.builder("zennet.watcher.cursor.block", cursorBlock)
        .description("The block of the last channel event handled").register(registry);
    Gauge.builder("zennet.watcher.events.live", live)
        .description("1 while channel events arrive by subscription, 0 while catching up or polling").register(registry);
  }

  void channelsHeld(long n) {
    held.set(n);
  }

  void channelAdded() {
    held.incrementAndGet();
  }

  /** One answered delegation. */
  void delegation(WatchMessage answer, long nanos) {
    delegationTime.record(nanos, TimeUnit.NANOSECONDS);
    if (answer.hasAck()) {
      Counter.builder("zennet.watcher.delegations").tag("result", "ack").register(registry).increment();
    } else if (answer.hasNack()) {
      nack(answer.getNack().getReason());
    }
  }

  /** One refused delegation or query. */
  void nack(DelegateNackReason reason) {
    Counter.builder("zennet.watcher.delegations").tag("result",
            reason.name().replace("DELEGATE_NACK_REASON_", "").toLowerCase(Locale.ROOT))
        .register(registry).increment();
  }

  void redeemed(int channels, BigInteger wei) {
    redeemTransactions.increment();
    redeemedChannels.increment(channels);
    redeemedXen.increment(new BigDecimal(wei).movePointLeft(Xen.DECIMALS).doubleValue());
  }

  void redeemFailed() {
    redeemFailures.increment();
  }

  /** Everything, in the Prometheus text format. */
  String scrape() {
    return registry.scrape();
  }

  void close() {
    registry.close();
  }
}
