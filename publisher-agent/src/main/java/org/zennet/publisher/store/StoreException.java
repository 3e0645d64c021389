package org.zennet.publisher.store;

/** The publisher's database failed (disk full, file damaged): the agent cannot keep its promises and stops. */
public final class StoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
