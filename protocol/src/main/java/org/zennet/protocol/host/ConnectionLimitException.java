package org.zennet.protocol.host;

/** A dial was refused because the host already holds {@link HostConfig#maxConnections()} connections. */
public final class ConnectionLimitException extends Exception {
  public ConnectionLimitException(String message) {
    super(message);
  }
}
