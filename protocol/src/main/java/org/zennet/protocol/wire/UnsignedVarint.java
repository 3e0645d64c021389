package org.zennet.protocol.wire;

import io.vertx.core.buffer.Buffer;
import java.util.Optional;

/**
 * The multiformats unsigned varint (https://github.com/multiformats/unsigned-varint): 7 bits per
 * byte, least significant group first, high bit set on every byte but the last. At most 9 bytes
 * (so values up to 2^63 - 1), and only the minimal encoding is accepted: a decoder that accepted
 * {@code 0x81 0x00} for 1 would let two peers disagree on the bytes of the same message.
 */
public final class UnsignedVarint {
  /** The longest encoding the spec allows. */
  public static final int MAX_BYTES = 9;

  private UnsignedVarint() {}

  /** A decoded value and the number of bytes it took. */
  public record Decoded(long value, int length) {}

  /** The number of bytes {@code value} encodes to. */
  public static int encodedLength(long value) {
    requireEncodable(value);
    int bits = 64 - Long.numberOfLeadingZeros(value | 1);
    return (bits + 6) / 7;
  }

  /** Encodes {@code value} (0 to 2^63 - 1). */
  public static byte[] encode(long value) {
    byte[] out = new byte[encodedLength(value)];
    long v = value;
    for (int i = 0; i < out.length; i++) {
      out[i] = (byte) ((v & 0x7f) | (i < out.length - 1 ? 0x80 : 0));
      v >>>= 7;
    }
    return out;
  }

  /** Appends the encoding of {@code value} to {@code buffer}. */
  public static Buffer write(Buffer buffer, long value) {
    return buffer.appendBytes(encode(value));
  }

  /**
   * Decodes the varint starting at {@code offset}.
   *
   * @return the value, or empty when the buffer ends before the varint does (read more and retry)
   * @throws MalformedMessageException when the encoding is longer than 9 bytes or not minimal
   */
  public static Optional<Decoded> decode(Buffer buffer, int offset) throws MalformedMessageException {
    long value = 0;
    for (int i = 0; i < MAX_BYTES; i++) {
      if (offset + i >= buffer.length()) {
        return Optional.empty();
      }
      int b = buffer.getByte(offset + i) & 0xff;
      value |= (long) (b & 0x7f) << (7 * i);
      if ((b & 0x80) == 0) {
        if (b == 0 && i > 0) {
          throw new MalformedMessageException("unsigned varint is not minimally encoded");
        }
        return Optional.of(new Decoded(value, i + 1));
      }
    }
    throw new MalformedMessageException("unsigned varint is longer than " + MAX_BYTES + " bytes");
  }

  /** Decodes a varint that must fill {@code bytes} exactly. */
  public static long decodeExact(byte[] bytes) throws MalformedMessageException {
    Optional<Decoded> decoded = decode(Buffer.buffer(bytes), 0);
    if (decoded.isEmpty() || decoded.get().length() != bytes.length) {
      throw new MalformedMessageException(decoded.isEmpty()
          ? "unsigned varint is truncated" : "bytes follow the unsigned varint");
    }
    return decoded.get().value();
  }

  private static void requireEncodable(long value) {
    if (value < 0) {
      throw new IllegalArgumentException("unsigned varints hold 0 to 2^63 - 1, not " + Long.toUnsignedString(value));
    }
  }
}
