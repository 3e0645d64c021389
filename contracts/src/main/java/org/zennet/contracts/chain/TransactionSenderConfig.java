package org.zennet.contracts.chain;

import java.time.Duration;

/**
 * How a {@link TransactionSender} sends.
 *
 * @param gasMarginPercent added to {@code eth_estimateGas}'s answer, in percent (a state change between
 *     estimation and inclusion can cost a little more)
 * @param droppedAfterBlocks how many blocks a sent transaction may go without a receipt before the node
 *     is asked whether it still knows it; if not, it is sent again
 * @param sendAttempts how often one transaction is tried when the node is unreachable or says the nonce
 *     is wrong, before its future fails
 * @param retryDelay the pause between attempts when the node is unreachable
 */
public record TransactionSenderConfig(
    int gasMarginPercent, int droppedAfterBlocks, int sendAttempts, Duration retryDelay) {

  public static final int DEFAULT_GAS_MARGIN_PERCENT = 20;
  public static final int DEFAULT_DROPPED_AFTER_BLOCKS = 5;
  public static final int DEFAULT_SEND_ATTEMPTS = 5;
  public static final Duration DEFAULT_RETRY_DELAY = Duration.ofMillis(250);

  public static final TransactionSenderConfig DEFAULT = new TransactionSenderConfig(
      DEFAULT_GAS_MARGIN_PERCENT, DEFAULT_DROPPED_AFTER_BLOCKS, DEFAULT_SEND_ATTEMPTS, DEFAULT_RETRY_DELAY);

  public TransactionSenderConfig {
    if (gasMarginPercent < 0 || gasMarginPercent > 500) {
      throw new IllegalArgumentException("gas margin must be 0..500 percent, got " + gasMarginPercent);
    }
    if (droppedAfterBlocks < 1) {
      throw new IllegalArgumentException("dropped-after must be at least 1 block, got " + droppedAfterBlocks);
    }
    if (sendAttempts < 1) {
      throw new IllegalArgumentException("send attempts must be at least 1, got " + sendAttempts);
    }
    if (retryDelay.isNegative()) {
      throw new IllegalArgumentException("retry delay must not be negative, got " + retryDelay);
    }
  }

  /** This configuration with another dropped-transaction threshold. */
  public TransactionSenderConfig withDroppedAfterBlocks(int blocks) {
    return new TransactionSenderConfig(gasMarginPercent, blocks, sendAttempts, retryDelay);
  }
}
