package org.zennet.contracts.chain;

import java.time.Duration;

/**
 * How new blocks are learnt of.
 *
 * @param pollInterval the {@code eth_blockNumber} interval when there is no WebSocket (or it is down)
 * @param reconnectMinDelay the first wait before reconnecting a lost WebSocket; it doubles per failure
 * @param reconnectMaxDelay the longest wait between reconnection attempts
 */
public record NewBlockFeedConfig(Duration pollInterval, Duration reconnectMinDelay, Duration reconnectMaxDelay) {

  public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(200);
  public static final Duration DEFAULT_RECONNECT_MIN_DELAY = Duration.ofMillis(250);
  public static final Duration DEFAULT_RECONNECT_MAX_DELAY = Duration.ofSeconds(15);

  public static final NewBlockFeedConfig DEFAULT = new NewBlockFeedConfig(
      DEFAULT_POLL_INTERVAL, DEFAULT_RECONNECT_MIN_DELAY, DEFAULT_RECONNECT_MAX_DELAY);

  public NewBlockFeedConfig {
    if (pollInterval.toMillis() < 10 || pollInterval.compareTo(Duration.ofMinutes(1)) > 0) {
      throw new IllegalArgumentException("poll interval must be 10 ms .. 1 min, got " + pollInterval);
    }
    if (reconnectMinDelay.isNegative() || reconnectMinDelay.isZero() || reconnectMaxDelay.compareTo(reconnectMinDelay) < 0) {
      throw new IllegalArgumentException("reconnect delays need 0 < min <= max, got " + reconnectMinDelay
          + " and " + reconnectMaxDelay);
    }
  }

  /** This configuration polling every {@code interval}. */
  public NewBlockFeedConfig withPollInterval(Duration interval) {
    return new NewBlockFeedConfig(interval, reconnectMinDelay, reconnectMaxDelay);
  }

  Backoff backoff() {
    return new Backoff(reconnectMinDelay, reconnectMaxDelay);
  }
}
