package org.zennet.watcher.store;

/** The watcher's database failed (disk full, damaged file): the watcher cannot keep its promises and says so. */
public class StoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
