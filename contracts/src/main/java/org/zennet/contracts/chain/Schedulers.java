package org.zennet.contracts.chain;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Stopping the single-threaded executors that own WebSocket subscriptions. */
final class Schedulers {
  private static final Logger LOG = LoggerFactory.getLogger(Schedulers.class);
  private static final long CLOSE_WAIT_SECONDS = 5;

  private Schedulers() {}

  /** Runs {@code last} on {@code executor} (after what is queued), waits for it briefly, then stops the executor. */
  static void runAndStop(ExecutorService executor, Runnable last) {
    try {
      executor.submit(last).get(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException | java.util.concurrent.RejectedExecutionException e) {
      LOG.debug("closing: {}", e.toString());
    } finally {
      executor.shutdownNow();
    }
  }
}
