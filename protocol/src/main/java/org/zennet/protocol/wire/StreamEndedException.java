package org.zennet.protocol.wire;

/** The stream ended (cleanly, between messages) while a message was still expected. */
public final class StreamEndedException extends WireException {
  private static final long serialVersionUID = 1L;

  public StreamEndedException(String message) {
    super(message);
  }
}
