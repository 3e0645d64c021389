package org.zennet.contracts.chain;

/**
 * How an {@link EventFollower} catches up and stays live.
 *
 * @param maxBlockRange the most blocks one {@code eth_getLogs} asks for (Besu refuses more than 5,000 by default)
 * @param timing polling interval (without WebSocket) and reconnection back-off
 */
public record EventFollowerConfig(int maxBlockRange, NewBlockFeedConfig timing) {

  public static final int DEFAULT_MAX_BLOCK_RANGE = 5_000;

  public static final EventFollowerConfig DEFAULT = new EventFollowerConfig(DEFAULT_MAX_BLOCK_RANGE,
      NewBlockFeedConfig.DEFAULT);

  public EventFollowerConfig {
    if (maxBlockRange < 1) {
      throw new IllegalArgumentException("the eth_getLogs block range must be at least 1, got " + maxBlockRange);
    }
    if (timing == null) {
      throw new IllegalArgumentException("timing is required; use NewBlockFeedConfig.DEFAULT");
    }
  }

  /** This configuration with another {@code eth_getLogs} block range. */
  public EventFollowerConfig withMaxBlockRange(int blocks) {
    return new EventFollowerConfig(blocks, timing);
  }
}
