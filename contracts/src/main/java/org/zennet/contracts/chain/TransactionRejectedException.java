package org.zennet.contracts.chain;

/**
 * The node refused a transaction for a reason other than a contract revert (insufficient funds for gas,
 * over the block gas limit, unreachable after all attempts ...). The message says which and what to do.
 */
public class TransactionRejectedException extends Exception {
  private static final long serialVersionUID = 1L;

  public TransactionRejectedException(String message) {
    super(message);
  }

  public TransactionRejectedException(String message, Throwable cause) {
    super(message, cause);
  }
}
