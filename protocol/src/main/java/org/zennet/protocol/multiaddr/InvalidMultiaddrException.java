package org.zennet.protocol.multiaddr;

/** Text or bytes that are not a multiaddr we understand; the message says which part is wrong. */
public final class InvalidMultiaddrException extends Exception {
  private static final long serialVersionUID = 1L;

  /** @param message what was wrong, quoting the offending part */
  public InvalidMultiaddrException(String message) {
    super(message);
  }
}
