package org.zennet.protocol.yamux;

import io.vertx.core.buffer.Buffer;

/**
 * One yamux frame: the 12-byte header (version 0, type, flags, stream id, length) and, for Data
 * frames, the payload. {@code length} is unsigned: the payload size for Data, a window delta for
 * WindowUpdate, an opaque value for Ping, an error code for GoAway.
 */
record Frame(int type, int flags, int streamId, long length, Buffer payload) {
  static final int HEADER_LENGTH = 12;
  static final int VERSION = 0;

  static final int TYPE_DATA = 0;
  static final int TYPE_WINDOW_UPDATE = 1;
  static final int TYPE_PING = 2;
  static final int TYPE_GO_AWAY = 3;

  static final int FLAG_SYN = 0x1;
  static final int FLAG_ACK = 0x2;
  static final int FLAG_FIN = 0x4;
  static final int FLAG_RST = 0x8;

  static final long GO_AWAY_NORMAL = 0;
  static final long GO_AWAY_PROTOCOL_ERROR = 1;
  static final long GO_AWAY_INTERNAL_ERROR = 2;

  static final Buffer EMPTY = Buffer.buffer(0);

  boolean has(int flag) {
    return (flags & flag) != 0;
  }

  /** The frame on the wire. */
  static Buffer encode(int type, int flags, int streamId, long length, Buffer payload) {
    Buffer out = Buffer.buffer(HEADER_LENGTH + payload.length());
    out.appendByte((byte) VERSION)
        .appendByte((byte) type)
        .appendUnsignedShort(flags)
        .appendInt(streamId)
        .appendUnsignedInt(length)
        .appendBuffer(payload);
    return out;
  }

  static String typeName(int type) {
    return switch (type) {
      case TYPE_DATA -> "Data";
      case TYPE_WINDOW_UPDATE -> "WindowUpdate";
      case TYPE_PING -> "Ping";
      case TYPE_GO_AWAY -> "GoAway";
      default -> "type " + type;
    };
  }
}
