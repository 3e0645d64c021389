package org.zennet.protocol.varint;

import io.vertx.core.buffer.Buffer;

/**
 * The multiformats unsigned varint (https://github.com/multiformats/unsigned-varint): 7 bits per byte,
 * least significant group first, high bit set on every byte but the last, minimally encoded, at most
 * {@value #MAX_BYTES} bytes, so values run from 0 to 2^63-1.
 *
 * <p>Decoders here never allocate according to a decoded value; callers compare the value with their
 * own bound before they allocate.
 */
public final class UnsignedVarint {

  /** The practical maximum of the spec: 9 bytes, 63 bits. */
  public static final int MAX_BYTES = 9;

  private UnsignedVarint() {}

  /**
   * A decoded varint.
   *
   * @param value the number, 0 to 2^63-1
   * @param length how many bytes it took
   */
  public record Decoded(long value, int length) {}

  /** @return how many bytes {@code value} takes */
  public static int encodedLength(long value) {
    requireUnsigned(value);
    int n = 1;
    while ((value >>>= 7) != 0) {
      n++;
    }
    return n;
  }

  /** @return the minimal encoding of {@code value}, which must be at least 0 */
  public static byte[] encode(long value) {
    byte[] out = new byte[encodedLength(value)];
    write(value, out, 0);
    return out;
  }

  /**
   * Writes the encoding of {@code value} at {@code offset}.
   *
   * @return the offset just past the varint
   */
  public static int write(long value, byte[] out, int offset) {
    requireUnsigned(value);
    long v = value;
    while ((v & ~0x7FL) != 0) {
      out[offset++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    out[offset++] = (byte) v;
    return offset;
  }

  /** Appends the encoding of {@code value} to {@code buffer} and returns it. */
  public static Buffer append(Buffer buffer, long value) {
    return buffer.appendBytes(encode(value));
  }

  /**
   * Decodes a complete varint at {@code offset}.
   *
   * @throws VarintException if the bytes end before the varint does, or it is not minimal, or too long
   */
  public static Decoded decode(byte[] data, int offset) throws VarintException {
    Decoded d = tryDecode(data, offset, data.length);
    if (d == null) {
      throw new VarintException("truncated varint at offset " + offset);
    }
    return d;
  }

  /**
   * Decodes a varint at {@code offset} of {@code data[..limit)}, or returns null when the bytes end
   * before the varint does (more may come from the network).
   *
   * @throws VarintException if it is not minimal or longer than {@value #MAX_BYTES} bytes
   */
  public static Decoded tryDecode(byte[] data, int offset, int limit) throws VarintException {
    return tryDecode(i -> data[i] & 0xFF, offset, limit);
  }

  /** Same as {@link #tryDecode(byte[], int, int)} on a Vert.x buffer, without copying it. */
  public static Decoded tryDecode(Buffer data, int offset) throws VarintException {
    return tryDecode(data::getUnsignedByte, offset, data.length());
  }

  private static Decoded tryDecode(java.util.function.IntUnaryOperator byteAt, int offset, int limit) throws VarintException {
    long value = 0;
    for (int i = 0; i < MAX_BYTES; i++) {
      int pos = offset + i;
      if (pos >= limit) {
        return null;
      }
      int b = byteAt.applyAsInt(pos);
      value |= (long) (b & 0x7F) << (7 * i);
      if ((b & 0x80) == 0) {
        if (b == 0 && i > 0) {
          throw new VarintException("varint is not minimally encoded (trailing zero byte)");
        }
        return new Decoded(value, i + 1);
      }
    }
    throw new VarintException("varint longer than " + MAX_BYTES + " bytes");
  }

  private static void requireUnsigned(long value) {
    if (value < 0) {
      throw new IllegalArgumentException("unsigned varint cannot encode a negative number: " + value);
    }
  }
}
