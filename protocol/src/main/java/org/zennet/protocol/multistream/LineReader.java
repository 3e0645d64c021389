package org.zennet.protocol.multistream;

import io.vertx.core.buffer.Buffer;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.zennet.protocol.multistream.MultistreamException.Reason;
import org.zennet.protocol.varint.UnsignedVarint;
import org.zennet.protocol.varint.VarintException;

/**
 * Splits incoming bytes into multistream messages: {@code varint(length) utf8-text '\n'}, where length
 * counts the newline. A length above the maximum is refused as soon as its varint is read, before any
 * of the message is buffered.
 */
final class LineReader {
  private final int maxLineLength;
  private Buffer pending = Buffer.buffer();

  LineReader(int maxLineLength) {
    this.maxLineLength = maxLineLength;
  }

  void append(Buffer data) {
    pending.appendBuffer(data);
  }

  /** @return the next message without its newline, or null when more bytes are needed */
  String next() throws MultistreamException {
    UnsignedVarint.Decoded len;
    try {
      len = UnsignedVarint.tryDecode(pending, 0);
    } catch (VarintException e) {
      throw new MultistreamException(Reason.PROTOCOL_ERROR, "bad length prefix: " + e.getMessage());
    }
    if (len == null) {
      if (pending.length() >= UnsignedVarint.MAX_BYTES) {
        throw new MultistreamException(Reason.PROTOCOL_ERROR, "bad length prefix");
      }
      return null;
    }
    if (len.value() > maxLineLength) {
      throw new MultistreamException(Reason.LINE_TOO_LONG, "message of " + len.value() + " bytes is longer than the maximum of " + maxLineLength);
    }
    if (len.value() == 0) {
      throw new MultistreamException(Reason.PROTOCOL_ERROR, "empty message (no newline)");
    }
    int total = len.length() + (int) len.value();
    if (pending.length() < total) {
      return null;
    }
    if (pending.getByte(total - 1) != '\n') {
      throw new MultistreamException(Reason.PROTOCOL_ERROR, "message does not end with a newline");
    }
    byte[] text = pending.getBytes(len.length(), total - 1);
    pending = pending.getBuffer(total, pending.length());
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(text)).toString();
    } catch (CharacterCodingException e) {
      throw new MultistreamException(Reason.PROTOCOL_ERROR, "message is not UTF-8");
    }
  }

  /** @return the bytes not consumed as messages */
  Buffer remainder() {
    return pending;
  }

  /** @return the framing of {@code text}: varint length, text, newline */
  static Buffer frame(String text) {
    byte[] body = (text + "\n").getBytes(StandardCharsets.UTF_8);
    return UnsignedVarint.append(Buffer.buffer(body.length + 2), body.length).appendBytes(body);
  }
}
