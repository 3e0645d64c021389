package org.zennet.watcher;

import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The watcher's idea of the chain's time, unix seconds: the latest block timestamp it saw, or the wall clock
 * when that is later (on a chain that mines only on demand, the next block's time is about now). Deadlines
 * ({@code closesAt}) are in chain time.
 */
final class ChainClock {
  private final Clock wall;
  private final AtomicLong headTimestamp = new AtomicLong();
  private final AtomicLong headNumber = new AtomicLong(-1);
  private volatile long lastHeadAt;

  ChainClock(Clock wall) {
    this.wall = wall;
  }

  /** Records the head the chain reported. */
  void head(long number, long timestamp) {
    headNumber.accumulateAndGet(number, Math::max);
    headTimestamp.accumulateAndGet(timestamp, Math::max);
    lastHeadAt = wall.millis();
  }

  /** Chain time now, unix seconds. */
  long now() {
    return Math.max(wall.instant().getEpochSecond(), headTimestamp.get());
  }

  /** The latest block number seen; -1 before the first. */
  long headNumber() {
    return headNumber.get();
  }

  /** When the chain last answered, unix milliseconds (0: never). */
  long lastHeadAt() {
    return lastHeadAt;
  }
}
