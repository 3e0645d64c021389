package org.zennet.protocol.yamux;

/** Something ended a yamux stream or session; the subclasses say what. */
public class YamuxException extends Exception {
  private static final long serialVersionUID = 1L;

  public YamuxException(String message) {
    super(message);
  }

  public YamuxException(String message, Throwable cause) {
    super(message, cause);
  }
}
