package org.zennet.protocol.yamux;

/**
 * The peer broke the yamux protocol (bad version or type, data beyond the window, a duplicate
 * stream id...). The session answers with a go-away carrying the protocol-error code and closes.
 */
public final class YamuxProtocolException extends YamuxException {
  private static final long serialVersionUID = 1L;

  public YamuxProtocolException(String message) {
    super(message);
  }
}
