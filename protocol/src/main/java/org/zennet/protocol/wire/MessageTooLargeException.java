package org.zennet.protocol.wire;

/** A message or payload is larger than the configured limit; detected before its bytes are buffered. */
public final class MessageTooLargeException extends WireException {
  private static final long serialVersionUID = 1L;
  private final long size;
  private final long limit;

  public MessageTooLargeException(String what, long size, long limit) {
    super(what + " of " + size + " bytes exceeds the limit of " + limit + " bytes");
    this.size = size;
    this.limit = limit;
  }

  /** The announced or reached size, in bytes. */
  public long size() {
    return size;
  }

  /** The limit that was exceeded, in bytes. */
  public long limit() {
    return limit;
  }
}
