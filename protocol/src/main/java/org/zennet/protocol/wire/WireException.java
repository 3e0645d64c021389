package org.zennet.protocol.wire;

/**
 * A peer sent bytes that break Zennet's message framing: the stream they came on can no longer be
 * trusted and is reset. The subclasses say what was wrong.
 */
public class WireException extends Exception {
  private static final long serialVersionUID = 1L;

  public WireException(String message) {
    super(message);
  }

  public WireException(String message, Throwable cause) {
    super(message, cause);
  }
}
