package org.zennet.protocol.yamux;

import io.vertx.core.buffer.Buffer;

/**
 * Splits the bytes of a session into frames. Header fields are checked as soon as the 12 header
 * bytes are in: an unknown version or type, a Data frame longer than the receive window, or a
 * frame on the wrong stream id (0 for Data/WindowUpdate, non-zero for Ping/GoAway) is a
 * {@link YamuxProtocolException} before a byte of payload is buffered.
 */
final class FrameDecoder {
  /** Receives decoded frames; may throw to abort decoding. */
  @FunctionalInterface
  interface FrameHandler {
    void onFrame(Frame frame) throws YamuxProtocolException;
  }

  private final long maxDataLength;
  private Buffer pending = Buffer.buffer();
  private Frame header;

  FrameDecoder(long maxDataLength) {
    this.maxDataLength = maxDataLength;
  }

  /** Bytes held for an incomplete frame: at most a header plus {@code maxDataLength}, plus one chunk. */
  int pendingBytes() {
    return pending.length();
  }

  void feed(Buffer chunk, FrameHandler handler) throws YamuxProtocolException {
    pending.appendBuffer(chunk);
    int pos = 0;
    try {
      while (true) {
        if (header == null) {
          if (pending.length() - pos < Frame.HEADER_LENGTH) {
            break;
          }
          Frame parsed = parseHeader(pending, pos);
          pos += Frame.HEADER_LENGTH;
          if (parsed.type() != Frame.TYPE_DATA || parsed.length() == 0) {
            handler.onFrame(parsed);
            continue;
          }
          header = parsed;
        }
        int length = (int) header.length();
        if (pending.length() - pos < length) {
          break;
        }
        Buffer payload = pending.getBuffer(pos, pos + length);
        pos += length;
        Frame frame = new Frame(header.type(), header.flags(), header.streamId(), header.length(), payload);
        header = null;
        handler.onFrame(frame);
      }
    } finally {
      if (pos > 0) {
        pending = pending.getBuffer(pos, pending.length());
      }
    }
  }

  private Frame parseHeader(Buffer bytes, int at) throws YamuxProtocolException {
    int version = bytes.getUnsignedByte(at);
    int type = bytes.getUnsignedByte(at + 1);
    int flags = bytes.getUnsignedShort(at + 2);
    int streamId = bytes.getInt(at + 4);
    long length = bytes.getUnsignedInt(at + 8);
    if (version != Frame.VERSION) {
      throw new YamuxProtocolException("unsupported yamux version " + version);
    }
    if (type > Frame.TYPE_GO_AWAY) {
      throw new YamuxProtocolException("unknown frame type " + type);
    }
    boolean sessionFrame = type == Frame.TYPE_PING || type == Frame.TYPE_GO_AWAY;
    if (sessionFrame && streamId != 0) {
      throw new YamuxProtocolException(Frame.typeName(type) + " frame on stream "
          + Integer.toUnsignedString(streamId) + " instead of 0");
    }
    if (!sessionFrame && streamId == 0) {
      throw new YamuxProtocolException(Frame.typeName(type) + " frame on stream 0");
    }
    if (type == Frame.TYPE_DATA && length > maxDataLength) {
      throw new YamuxProtocolException("Data frame of " + length + " bytes on stream "
          + Integer.toUnsignedString(streamId) + " exceeds the receive window of " + maxDataLength);
    }
    return new Frame(type, flags, streamId, length, Frame.EMPTY);
  }
}
