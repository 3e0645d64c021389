package org.zennet.provider.work;

import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Whether a publisher keeps up with its payments (docs/protocol.md, "Pace"): it is behind while what the channel
 * owes minus the best committed voucher is more than one increment; new tasks are then refused with
 * {@code PAYMENT_BEHIND}, and once it has been behind for the configured time the provider gives up on it. Not
 * thread-safe: its {@link Engagement} guards it.
 */
public final class Pace {
  private final BigInteger increment;
  private final Clock clock;
  private Instant behindSince;

  /** @param increment one payment increment, wei */
  public Pace(BigInteger increment, Clock clock) {
    this.increment = increment;
    this.clock = clock;
  }

  /** Re-evaluates after {@code owed} or {@code committed} changed; returns whether the publisher is behind. */
  public boolean update(BigInteger owed, BigInteger committed) {
    boolean behind = owed.subtract(committed).compareTo(increment) > 0;
    if (!behind) {
      behindSince = null;
    } else if (behindSince == null) {
      behindSince = clock.instant();
    }
    return behind;
  }

  /** Whether the publisher is behind (as of the last update). */
  public boolean behind() {
    return behindSince != null;
  }

  /** Whether it has been behind for longer than {@code limit}. */
  public boolean stalled(Duration limit) {
    return behindSince != null && Duration.between(behindSince, clock.instant()).compareTo(limit) > 0;
  }

  public BigInteger increment() {
    return increment;
  }
}
