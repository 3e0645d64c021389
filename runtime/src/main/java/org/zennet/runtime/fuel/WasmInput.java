package org.zennet.runtime.fuel;

/**
 * A cursor over WebAssembly binary bytes: fixed bytes and LEB128 integers, with bounds checks that
 * report a {@link MalformedModuleException} rather than an index error.
 */
final class WasmInput {
  private final byte[] bytes;
  private final int end;
  private int pos;

  WasmInput(byte[] bytes, int start, int end) {
    this.bytes = bytes;
    this.pos = start;
    this.end = end;
  }

  int position() {
    return pos;
  }

  boolean hasMore() {
    return pos < end;
  }

  int u8() {
    if (pos >= end) {
      throw new MalformedModuleException("unexpected end at byte " + pos);
    }
    return bytes[pos++] & 0xFF;
  }

  void skip(int n) {
    if (n < 0 || n > end - pos) {
      throw new MalformedModuleException("length " + n + " runs past the end at byte " + pos);
    }
    pos += n;
  }

  /** An unsigned LEB128 of at most 32 bits. */
  int u32() {
    long result = 0;
    int shift = 0;
    while (true) {
      int b = u8();
      result |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        break;
      }
      shift += 7;
      if (shift >= 35) {
        throw new MalformedModuleException("integer too long at byte " + pos);
      }
    }
    if (result > 0xFFFF_FFFFL) {
      throw new MalformedModuleException("integer too large at byte " + pos);
    }
    return (int) result;
  }

  /** A u32 used as a count or index: it must fit a non-negative int. */
  int index() {
    int v = u32();
    if (v < 0) {
      throw new MalformedModuleException("count or index too large at byte " + pos);
    }
    return v;
  }

  /** A signed LEB128 of at most {@code bits} bits. */
  long signed(int bits) {
    long result = 0;
    int shift = 0;
    int b;
    int maxBytes = (bits + 6) / 7;
    int n = 0;
    do {
      b = u8();
      if (++n > maxBytes) {
        throw new MalformedModuleException("integer too long at byte " + pos);
      }
      result |= (long) (b & 0x7F) << shift;
      shift += 7;
    } while ((b & 0x80) != 0);
    if (shift < 64 && (b & 0x40) != 0) {
      result |= -1L << shift;
    }
    return result;
  }
}
