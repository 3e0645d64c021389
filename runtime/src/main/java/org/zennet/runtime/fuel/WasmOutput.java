package org.zennet.runtime.fuel;

import java.io.ByteArrayOutputStream;

/** Builds WebAssembly binary bytes: fixed bytes and LEB128 integers. */
final class WasmOutput {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  WasmOutput u8(int b) {
    out.write(b);
    return this;
  }

  WasmOutput bytes(byte[] b, int from, int to) {
    out.write(b, from, to - from);
    return this;
  }

  WasmOutput bytes(byte[] b) {
    return bytes(b, 0, b.length);
  }

  WasmOutput u32(long value) {
    long v = value & 0xFFFF_FFFFL;
    do {
      int b = (int) (v & 0x7F);
      v >>>= 7;
      out.write(v != 0 ? b | 0x80 : b);
    } while (v != 0);
    return this;
  }

  WasmOutput s64(long value) {
    long v = value;
    while (true) {
      int b = (int) (v & 0x7F);
      v >>= 7;
      boolean done = (v == 0 && (b & 0x40) == 0) || (v == -1 && (b & 0x40) != 0);
      out.write(done ? b : b | 0x80);
      if (done) {
        return this;
      }
    }
  }

  /** A vector or section payload: its byte length, then the bytes. */
  WasmOutput sized(byte[] payload) {
    return u32(payload.length).bytes(payload);
  }

  int size() {
    return out.size();
  }

  byte[] toByteArray() {
    return out.toByteArray();
  }
}
