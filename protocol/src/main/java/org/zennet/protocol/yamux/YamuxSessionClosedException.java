package org.zennet.protocol.yamux;

/** The session is closed or going away, so the stream or operation cannot go on. */
public final class YamuxSessionClosedException extends YamuxException {
  private static final long serialVersionUID = 1L;

  public YamuxSessionClosedException(String message) {
    super(message);
  }

  public YamuxSessionClosedException(String message, Throwable cause) {
    super(message, cause);
  }
}
