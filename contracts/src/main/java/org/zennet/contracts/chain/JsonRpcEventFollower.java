package org.zennet.contracts.chain;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.websocket.events.Notification;

/**
 * {@link EventFollower} over standard JSON-RPC. Everything runs on one thread, so deliveries are serial.
 *
 * <p>Exactly once, in order: a log is delivered only if it comes after the cursor (block, log index), and
 * live notifications are trusted only while there is no gap behind them. A gap opens at start, when the
 * WebSocket is lost and when the handler fails; it closes only when a catch-up ({@code eth_getLogs} from
 * the cursor's block to the head read at that moment) succeeds while the subscription is live. The
 * subscription is made before that catch-up, so every block after the head it read is notified; and a
 * notification that arrives before the catch-up runs is for a block at or below that head, which the
 * catch-up covers (it is ignored, or skipped as already delivered).
 */
final class JsonRpcEventFollower implements EventFollower {
  private static final Logger LOG = LoggerFactory.getLogger(JsonRpcEventFollower.class);
  private static final Comparator<Log> CHAIN_ORDER =
      Comparator.comparing(Log::getBlockNumber).thenComparing(Log::getLogIndex);

  /** A {@code logs} subscription notification carrying a standard {@link Log}. */
  public static final class LogsNotification extends Notification<Log> {}

  private final Web3j http;
  private final LogFilter filter;
  private final LogHandler handler;
  private final EventFollowerConfig config;
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
      Thread.ofPlatform().daemon().name("zennet-events").factory());
  private final Backoff retryBackoff;
  private final AtomicBoolean catchUpQueued = new AtomicBoolean();
  private final AtomicLong deliveredLive = new AtomicLong();
  private ReconnectingSubscription<LogsNotification> subscription;
  private NewBlockFeed blockFeed;
  private volatile Cursor cursor;
  private long scannedTo = -1;
  private boolean subscribed;
  private volatile boolean gap = true;
  private boolean retryScheduled;

  private JsonRpcEventFollower(Web3j http, LogFilter filter, Cursor after, LogHandler handler,
      EventFollowerConfig config) {
    this.http = http;
    this.filter = filter;
    this.cursor = after;
    this.handler = handler;
    this.config = config;
    this.retryBackoff = config.timing().backoff();
  }

  static JsonRpcEventFollower start(Web3j http, Optional<URI> wsUrl, LogFilter filter, Cursor after,
      LogHandler handler, EventFollowerConfig config, WebSocketConnector connector) {
    JsonRpcEventFollower follower = new JsonRpcEventFollower(http, filter, after, handler, config);
    if (wsUrl.isPresent()) {
      follower.subscription = new ReconnectingSubscription<>(wsUrl.get(), connector,
          List.of("logs", filter.forSubscription()), LogsNotification.class, config.timing().backoff(),
          follower.scheduler, follower.new LiveLogs());
      follower.subscription.start();
    } else {
      follower.blockFeed = NewBlockFeed.start(http, Optional.empty(), config.timing());
      LongConsumer onBlock = number -> follower.queueCatchUp();
      follower.blockFeed.addListener(onBlock);
      follower.queueCatchUp();
    }
    return follower;
  }

  @Override
  public Cursor cursor() {
    return cursor;
  }

  @Override
  public boolean isLive() {
    return subscription != null && !gap;
  }

  /** How many logs came by subscription rather than by catch-up (for tests). */
  long deliveredLive() {
    return deliveredLive.get();
  }

  private final class LiveLogs implements ReconnectingSubscription.Listener<LogsNotification> {
    @Override
    public void onSubscribed() {
      subscribed = true;
      catchUp();
    }

    @Override
    public void onNotification(LogsNotification notification) {
      if (gap) {
        return; // the next catch-up covers it
      }
      try {
        if (deliver(notification.getParams().getResult())) {
          deliveredLive.incrementAndGet();
        }
      } catch (HandlerFailure e) {
        fail(e);
      }
    }

    @Override
    public void onLost(Throwable cause) {
      subscribed = false;
      gap = true;
      catchUp(); // keep delivering over HTTP while the WebSocket is down
    }
  }

  private void queueCatchUp() {
    if (!scheduler.isShutdown() && catchUpQueued.compareAndSet(false, true)) {
      scheduler.execute(() -> {
        catchUpQueued.set(false);
        catchUp();
      });
    }
  }

  /** Delivers every matching log from the cursor to the current head; on success a live subscription has no gap. */
  private void catchUp() {
    try {
      long head = http.ethBlockNumber().send().getBlockNumber().longValueExact();
      long from = Math.max(cursor.blockNumber(), scannedTo + 1);
      while (from <= head) {
        long to = Math.min(head, from + config.maxBlockRange() - 1);
        for (Log log : logs(from, to)) {
          deliver(log);
        }
        scannedTo = to;
        from = to + 1;
      }
      gap = !subscribed;
      retryBackoff.reset();
    } catch (IOException | RuntimeException | HandlerFailure e) {
      fail(e);
    }
  }

  private List<Log> logs(long from, long to) throws IOException {
    EthLog answer = http.ethGetLogs(filter.forRange(from, to)).send();
    if (answer.hasError()) {
      throw new IOException("eth_getLogs of blocks " + from + ".." + to + " failed: " + answer.getError().getMessage()
          + " (if the node limits the range, lower maxBlockRange)");
    }
    List<Log> logs = new ArrayList<>();
    answer.getLogs().forEach(result -> logs.add((Log) result.get()));
    logs.sort(CHAIN_ORDER);
    return logs;
  }

  /** Hands {@code log} to the handler if it comes after the cursor; true if it did. */
  private boolean deliver(Log log) throws HandlerFailure {
    if (log.isRemoved()) {
      LOG.warn("ignoring removed log {} of block {}: a reorg on a chain taken as final", log.getLogIndex(),
          log.getBlockNumber());
      return false;
    }
    long block = log.getBlockNumber().longValueExact();
    long index = log.getLogIndex().longValueExact();
    if (!cursor.isBefore(block, index)) {
      return false;
    }
    Cursor next = new Cursor(block, index);
    try {
      handler.onLog(log, next);
    } catch (Exception e) {
      throw new HandlerFailure(next, e);
    }
    cursor = next;
    return true;
  }

  /** Something went wrong: open a gap, and catch up again from the cursor after a back-off. */
  private void fail(Exception e) {
    gap = true;
    scannedTo = -1;
    if (e instanceof HandlerFailure failure) {
      LOG.error("the log handler failed on the log at {}; it is delivered again after a back-off", failure.at,
          failure.getCause());
    } else {
      LOG.warn("following logs of {}: {}; catching up again after a back-off", filter.addresses(), e.getMessage());
    }
    if (!retryScheduled) {
      retryScheduled = true;
      scheduler.schedule(() -> {
        retryScheduled = false;
        catchUp();
      }, retryBackoff.next().toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  /** The handler threw on the log at {@code at}. */
  private static final class HandlerFailure extends Exception {
    private static final long serialVersionUID = 1L;
    final transient Cursor at;

    HandlerFailure(Cursor at, Exception cause) {
      super(cause);
      this.at = at;
    }
  }

  @Override
  public void close() {
    if (blockFeed != null) {
      blockFeed.close();
    }
    Schedulers.runAndStop(scheduler, () -> {
      if (subscription != null) {
        subscription.close();
      }
    });
  }
}
