package org.zennet.protocol.wire;

/** The bytes are not a well-formed message: a bad varint, a protobuf parse error, a truncated stream. */
public final class MalformedMessageException extends WireException {
  private static final long serialVersionUID = 1L;

  public MalformedMessageException(String message) {
    super(message);
  }

  public MalformedMessageException(String message, Throwable cause) {
    super(message, cause);
  }
}
