package org.zennet.contracts.chain;

/**
 * How far an {@link EventFollower} has delivered: every matching log up to and including
 * ({@code blockNumber}, {@code logIndex}) has been handed over, nothing after it. The caller persists it
 * and starts the next follower from it, so each log is delivered exactly once across restarts.
 *
 * @param blockNumber the block of the last delivered log
 * @param logIndex that log's index in its block; -1 when nothing of {@code blockNumber} is delivered yet
 */
public record Cursor(long blockNumber, long logIndex) implements Comparable<Cursor> {

  /** Before everything: the follower starts at block 0. */
  public static final Cursor GENESIS = new Cursor(0, -1);

  public Cursor {
    if (blockNumber < 0) {
      throw new IllegalArgumentException("block number must be 0 or more, got " + blockNumber);
    }
    if (logIndex < -1) {
      throw new IllegalArgumentException("log index must be -1 (none of the block yet) or more, got " + logIndex);
    }
  }

  /** A cursor that delivers every log from block {@code blockNumber} on (e.g. a contract's deployment block). */
  public static Cursor startOfBlock(long blockNumber) {
    return new Cursor(blockNumber, -1);
  }

  /** Whether a log at ({@code block}, {@code index}) comes after this cursor, i.e. is not delivered yet. */
  public boolean isBefore(long block, long index) {
    return block > blockNumber || (block == blockNumber && index > logIndex);
  }

  @Override
  public int compareTo(Cursor other) {
    int byBlock = Long.compare(blockNumber, other.blockNumber);
    return byBlock != 0 ? byBlock : Long.compare(logIndex, other.logIndex);
  }
}
