package org.zennet.contracts.chain;

import java.util.Locale;

/**
 * Why a node refused {@code eth_sendRawTransaction}, from the error messages of anvil, Besu, geth and
 * Nethermind (their codes differ, their words are close).
 */
enum SendRejection {
  /** The nonce is already used: another process sent from this account, or ours is already mined. */
  NONCE_TOO_LOW,
  /** The nonce is beyond what the pool accepts for this account: a gap below it. */
  NONCE_TOO_HIGH,
  /** The node already has this very transaction: it counts as sent. */
  ALREADY_KNOWN,
  /** The price is below what the node or the pool wants now (or below a pooled transaction it would replace). */
  UNDERPRICED,
  /** Anything else: invalid, insufficient funds, over the block gas limit ... */
  OTHER;

  /** Classifies the error message of a failed {@code eth_sendRawTransaction}. */
  static SendRejection classify(String message) {
    String m = message == null ? "" : message.toLowerCase(Locale.ROOT);
    if (m.contains("nonce too low") || m.contains("nonce is too low") || m.contains("oldnonce")) {
      return NONCE_TOO_LOW;
    }
    if (m.contains("nonce too high") || m.contains("too far in future") || m.contains("nonce gap")) {
      return NONCE_TOO_HIGH;
    }
    if (m.contains("already known") || m.contains("known transaction") || m.contains("already imported")
        || m.contains("alreadyknown")) {
      return ALREADY_KNOWN;
    }
    if (m.contains("underpriced") || m.contains("less than block base fee") || m.contains("gas price too low")
        || m.contains("gas price below")) {
      return UNDERPRICED;
    }
    return OTHER;
  }
}
