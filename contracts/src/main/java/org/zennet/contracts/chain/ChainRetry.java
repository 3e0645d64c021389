package org.zennet.contracts.chain;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rides out a chain node that is briefly unreachable: an action is tried again, with exponential back-off,
 * for as long as it fails because the node could not be reached (an {@link IOException} among its causes),
 * up to a time budget. Reverts and refusals are not retried: they would fail the same way again.
 *
 * <p>Safe for views, and for transactions: a {@link TransactionSender} fails a send with an
 * {@code IOException} only before the transaction was handed to the node (gas estimation, fee quote); once
 * handed over it keeps it and resends it itself.
 */
public final class ChainRetry {
  private static final Logger LOG = LoggerFactory.getLogger(ChainRetry.class);
  /** Long enough for a node restart or a short network cut. */
  public static final Duration DEFAULT_BUDGET = Duration.ofMinutes(2);
  private static final Duration MIN_DELAY = Duration.ofMillis(200);
  private static final Duration MAX_DELAY = Duration.ofSeconds(5);

  private ChainRetry() {}

  /** Runs {@code action}, again after an unreachable node, for up to {@link #DEFAULT_BUDGET}. */
  public static <T> CompletableFuture<T> retrying(String what, Supplier<CompletableFuture<T>> action) {
    return retrying(what, DEFAULT_BUDGET, action);
  }

  /** Runs {@code action}, again after an unreachable node, for up to {@code budget}. */
  public static <T> CompletableFuture<T> retrying(String what, Duration budget, Supplier<CompletableFuture<T>> action) {
    CompletableFuture<T> result = new CompletableFuture<>();
    attempt(what, Instant.now().plus(budget), new Backoff(MIN_DELAY, MAX_DELAY), action, result);
    return result;
  }

  private static <T> void attempt(String what, Instant deadline, Backoff backoff,
      Supplier<CompletableFuture<T>> action, CompletableFuture<T> result) {
    CompletableFuture<T> once;
    try {
      once = action.get();
    } catch (RuntimeException e) {
      result.completeExceptionally(e);
      return;
    }
    once.whenComplete((value, failure) -> {
      if (failure == null) {
        result.complete(value);
        return;
      }
      Throwable cause = unwrap(failure);
      if (!unreachable(cause) || Instant.now().isAfter(deadline)) {
        result.completeExceptionally(cause);
        return;
      }
      Duration delay = backoff.next();
      LOG.warn("{}: the chain node is unreachable ({}); trying again in {} ms", what, cause.getMessage(),
          delay.toMillis());
      CompletableFuture.delayedExecutor(delay.toMillis(), TimeUnit.MILLISECONDS)
          .execute(() -> attempt(what, deadline, backoff, action, result));
    });
  }

  /** The failure inside {@code CompletionException}/{@code ExecutionException} wrappers. */
  public static Throwable unwrap(Throwable t) {
    while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  /** Whether {@code t} says the node could not be reached, rather than that it refused. */
  public static boolean unreachable(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof IOException) {
        return true;
      }
      if (c instanceof ContractRevertException) {
        return false;
      }
    }
    return false;
  }
}
