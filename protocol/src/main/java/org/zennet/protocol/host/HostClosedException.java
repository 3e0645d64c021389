package org.zennet.protocol.host;

/** The host was closed, or a connection of it ended, before the operation could finish. */
public final class HostClosedException extends Exception {
  public HostClosedException(String message) {
    super(message);
  }
}
