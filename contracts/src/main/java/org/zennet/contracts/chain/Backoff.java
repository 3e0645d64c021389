package org.zennet.contracts.chain;

import java.time.Duration;

/** Exponential back-off between reconnection attempts: {@code min}, doubling, capped at {@code max}. */
final class Backoff {
  private final Duration min;
  private final Duration max;
  private Duration next;

  Backoff(Duration min, Duration max) {
    if (min.isNegative() || min.isZero() || max.compareTo(min) < 0) {
      throw new IllegalArgumentException("back-off needs 0 < min <= max, got " + min + " and " + max);
    }
    this.min = min;
    this.max = max;
    this.next = min;
  }

  /** The delay before the next attempt; each call doubles the one after, up to the maximum. */
  synchronized Duration next() {
    Duration current = next;
    Duration doubled = next.multipliedBy(2);
    next = doubled.compareTo(max) > 0 ? max : doubled;
    return current;
  }

  /** After a success: the next failure waits the minimum again. */
  synchronized void reset() {
    next = min;
  }
}
