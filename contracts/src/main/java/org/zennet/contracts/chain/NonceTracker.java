package org.zennet.contracts.chain;

import java.math.BigInteger;

/**
 * The next nonce of one account, kept locally so that many transactions can be in flight. It is read
 * from the node ({@code eth_getTransactionCount(pending)}) the first time and whenever the node says it
 * is wrong. Not thread-safe: the sender calls it under its send lock.
 */
final class NonceTracker {
  private BigInteger next;

  /** Whether the next nonce must be read from the node first. */
  boolean needsSync() {
    return next == null;
  }

  /** Sets the next nonce to the node's count of this account's transactions, pending ones included. */
  void sync(BigInteger pendingCount) {
    next = pendingCount;
  }

  /** Takes the next nonce. */
  BigInteger allocate() {
    if (next == null) {
      throw new IllegalStateException("the nonce is not synced with the node yet");
    }
    BigInteger allocated = next;
    next = next.add(BigInteger.ONE);
    return allocated;
  }

  /**
   * Gives back {@code nonce}, whose transaction the node refused.
   *
   * @return true when it was the last one taken (the next send reuses it), false when later nonces are
   *     already out, which leaves a gap the caller must fill
   */
  boolean release(BigInteger nonce) {
    if (next != null && nonce.add(BigInteger.ONE).equals(next)) {
      next = nonce;
      return true;
    }
    return false;
  }

  /** Forgets the local count: the next send reads it from the node again. */
  void invalidate() {
    next = null;
  }
}
