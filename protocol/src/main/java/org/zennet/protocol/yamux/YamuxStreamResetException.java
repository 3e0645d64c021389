package org.zennet.protocol.yamux;

/** The stream was reset (RST) by the peer, or the peer refused to open it. */
public final class YamuxStreamResetException extends YamuxException {
  private static final long serialVersionUID = 1L;

  public YamuxStreamResetException(String message) {
    super(message);
  }
}
