package org.zennet.watcher;

import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zennet.contracts.Xen;
import org.zennet.contracts.channel.ChannelInfo;
import org.zennet.contracts.channel.SignedVoucher;
import org.zennet.contracts.chain.ChainRetry;
import org.zennet.watcher.chain.WatcherChain;
import org.zennet.watcher.store.WatchedChannel;
import org.zennet.watcher.store.WatcherStore;

/**
 * Redeems held vouchers, several per {@code redeemMany}: every channel whose publisher started a close (as soon
 * as the watcher learns of it, nearest deadline first), and with a threshold, open channels whose unredeemed
 * amount passed it. Before each transaction it reads every channel of the batch from the chain and leaves out
 * those with nothing left to redeem (a {@code redeemMany} reverts whole when one voucher fails). A chain that
 * cannot be reached is waited out with back-off ({@code retryBackoff} doubling to {@code retryBackoffMax}); a
 * batch that reverts anyway is split until the voucher at fault is found and left out.
 */
final class Redeemer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Redeemer.class);
  /** Sort key of a threshold redeem: after every close. */
  private static final long NO_DEADLINE = Long.MAX_VALUE;

  private final WatcherChain chain;
  private final WatcherStore store;
  private final WatcherConfig config;
  private final WatcherMetrics metrics;
  private final ChainClock clock;
  private final Consumer<String> lines;
  private final BigInteger threshold;
  private final Map<BigInteger, Long> due = new ConcurrentHashMap<>();
  private final Object signal = new Object();
  private volatile boolean closed;
  private Thread loop;
  private Duration backoff;

  Redeemer(WatcherChain chain, WatcherStore store, WatcherConfig config, WatcherMetrics metrics, ChainClock clock,
      Consumer<String> lines) {
    this.chain = chain;
    this.store = store;
    this.config = config;
    this.metrics = metrics;
    this.clock = clock;
    this.lines = lines;
    this.threshold = config.redeemThresholdWei();
    this.backoff = config.retryBackoff();
  }

  /** Queues what the database says is due (after a restart: closes seen before it), and starts redeeming. */
  void start() {
    for (WatchedChannel c : store.unredeemed()) {
      consider(c);
    }
    loop = Thread.ofVirtual().name("zennet-watcher-redeemer").start(this::run);
  }

  /** A voucher was committed for {@code c}. */
  void delegated(WatchedChannel c) {
    consider(c);
  }

  /** The publisher of held channel {@code channelId} started a close ending at {@code closesAt}. */
  void closeStarted(BigInteger channelId, long closesAt) {
    submit(channelId, closesAt);
  }

  /** How many channels wait for a redeem. */
  int pending() {
    return due.size();
  }

  private void consider(WatchedChannel c) {
    if (c.state() == ChannelInfo.State.CLOSING) {
      submit(c.channelId(), c.closesAt());
    } else if (c.state() == ChannelInfo.State.OPEN && threshold.signum() > 0 && c.unredeemed().compareTo(threshold) > 0) {
      submit(c.channelId(), NO_DEADLINE);
    }
  }

  private void submit(BigInteger channelId, long closesAt) {
    due.merge(channelId, closesAt, Math::min);
    synchronized (signal) {
      signal.notifyAll();
    }
  }

  private void run() {
    while (!closed) {
      try {
        List<BigInteger> batch = nextBatch();
        if (!batch.isEmpty()) {
          redeem(batch);
        }
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        LOG.error("redeeming failed unexpectedly; going on after a back-off", e);
        pause();
      }
    }
  }

  /** Waits for due channels, then for the batch window (unless the batch is full or a deadline is near). */
  private List<BigInteger> nextBatch() throws InterruptedException {
    synchronized (signal) {
      while (due.isEmpty() && !closed) {
        signal.wait(1_000);
      }
      long windowEnds = System.nanoTime() + config.batchWindow().toNanos();
      while (!closed && due.size() < config.batchSize() && !urgent()) {
        long left = windowEnds - System.nanoTime();
        if (left <= 0) {
          break;
        }
        TimeUnit.NANOSECONDS.timedWait(signal, left);
      }
    }
    List<Map.Entry<BigInteger, Long>> entries = new ArrayList<>(due.entrySet());
    entries.sort(Map.Entry.comparingByValue(Comparator.naturalOrder()));
    List<BigInteger> batch = new ArrayList<>();
    for (Map.Entry<BigInteger, Long> e : entries.subList(0, Math.min(config.batchSize(), entries.size()))) {
      if (due.remove(e.getKey(), e.getValue())) {
        batch.add(e.getKey());
      }
    }
    return batch;
  }

  /** Whether a queued close is within its safety margin of its deadline (it goes without waiting for others). */
  private boolean urgent() {
    long latest = clock.now() + config.safetyMargin().toSeconds();
    return due.values().stream().anyMatch(closesAt -> closesAt != NO_DEADLINE && closesAt <= latest);
  }

  /** Redeems what of {@code ids} still pays something; puts them back when the chain cannot be reached. */
  private void redeem(List<BigInteger> ids) throws InterruptedException {
    List<WatchedChannel> held = ids.stream().map(store::channel).flatMap(Optional::stream).toList();
    List<CompletableFuture<ChannelInfo>> reads = held.stream().map(c -> chain.channelInfo(c.channelId())).toList();
    List<SignedVoucher> vouchers = new ArrayList<>();
    BigInteger total = BigInteger.ZERO;
    long now = clock.now();
    try {
      for (int i = 0; i < held.size(); i++) {
        WatchedChannel c = held.get(i);
        ChannelInfo info = reads.get(i).get(60, TimeUnit.SECONDS);
        BigInteger pays = info.payableFor(c.held());
        if (!info.redeemableAt(now) || pays.signum() <= 0 || !info.provider().equals(c.provider())) {
          store.refresh(c.with(info));
          continue;
        }
        vouchers.add(c.voucher());
        total = total.add(pays);
      }
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      retryLater(ids, "reading the channels to redeem", ChainRetry.unwrap(e));
      return;
    }
    if (vouchers.isEmpty()) {
      return;
    }
    try {
      String tx = chain.redeemMany(vouchers).get(5, TimeUnit.MINUTES);
      backoff = config.retryBackoff();
      List<BigInteger> redeemed = vouchers.stream().map(v -> v.voucher().channelId()).toList();
      store.recordRedeem(tx, redeemed, total, System.currentTimeMillis());
      for (WatchedChannel c : held) {
        if (redeemed.contains(c.channelId())) {
          store.refresh(new WatchedChannel(c.channelId(), c.publisher(), c.provider(), c.deposit(),
              c.held().min(c.deposit()).max(c.paid()), c.closesAt(), c.state(), c.voucher(), c.delegatedAt()));
        }
      }
      metrics.redeemed(redeemed.size(), total);
      String line = "redeemed " + redeemed.size() + (redeemed.size() == 1 ? " channel, " : " channels, ")
          + Xen.format(total) + " XEN, tx " + tx;
      LOG.info("{}", line);
      lines.accept(line);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      Throwable cause = ChainRetry.unwrap(e);
      if (ChainRetry.unreachable(cause) || e instanceof java.util.concurrent.TimeoutException) {
        retryLater(ids, "redeemMany", cause);
      } else if (vouchers.size() > 1) {
        LOG.warn("redeemMany of {} vouchers reverted ({}); splitting the batch", vouchers.size(), cause.getMessage());
        List<BigInteger> sent = vouchers.stream().map(v -> v.voucher().channelId()).toList();
        redeem(sent.subList(0, sent.size() / 2));
        redeem(sent.subList(sent.size() / 2, sent.size()));
      } else {
        metrics.redeemFailed();
        LOG.error("channel {}: its voucher cannot be redeemed: {}", vouchers.get(0).voucher().channelId(),
            cause.getMessage());
      }
    }
  }

  private void retryLater(List<BigInteger> ids, String what, Throwable cause) throws InterruptedException {
    metrics.redeemFailed();
    for (BigInteger id : ids) {
      store.channel(id).ifPresent(c -> submit(id, c.closesAt() > 0 ? c.closesAt() : NO_DEADLINE));
    }
    LOG.warn("{} failed ({}); {} channels wait, trying again in {} ms", what, cause.getMessage(), ids.size(),
        backoff.toMillis());
    Thread.sleep(backoff.toMillis());
    Duration doubled = backoff.multipliedBy(2);
    backoff = doubled.compareTo(config.retryBackoffMax()) > 0 ? config.retryBackoffMax() : doubled;
  }

  private void pause() {
    try {
      Thread.sleep(backoff.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Stops redeeming (a transaction already sent is still mined). */
  @Override
  public void close() {
    closed = true;
    synchronized (signal) {
      signal.notifyAll();
    }
    if (loop != null) {
      loop.interrupt();
      try {
        loop.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
