package org.zennet.provider.store;

/** The provider's database failed: the disk, a corrupt file. Not recoverable by the caller. */
public final class StoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
