package org.zennet.contracts.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock that moves only when a test steps it (Teku's StubTimeProvider): payment deadlines, challenge periods, timeouts. */
public final class SteppedClock extends Clock {
  private Instant now;

  public SteppedClock(Instant start) {
    this.now = start;
  }

  public SteppedClock() {
    this(Instant.parse("2026-01-01T00:00:00Z"));
  }

  public synchronized void step(Duration d) {
    now = now.plus(d);
  }

  @Override
  public synchronized Instant instant() {
    return now;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }
}
