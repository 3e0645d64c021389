package org.zennet.protocol.identity;

import org.zennet.protocol.varint.UnsignedVarint;
import org.zennet.protocol.varint.VarintException;

/**
 * The two-field {@code PublicKey} protobuf, by hand: {@code 0x08 varint(type) 0x12 varint(len) data}.
 * Deterministic encoding is required by the libp2p peer-id spec, so the decoder accepts exactly what
 * the encoder writes.
 */
final class PublicKeyProtobuf {
  private static final int TAG_TYPE = 0x08; // field 1, varint
  private static final int TAG_DATA = 0x12; // field 2, length-delimited

  private PublicKeyProtobuf() {}

  static byte[] encode(KeyType type, byte[] data) {
    int len = 1 + UnsignedVarint.encodedLength(type.code()) + 1 + UnsignedVarint.encodedLength(data.length) + data.length;
    byte[] out = new byte[len];
    int p = 0;
    out[p++] = TAG_TYPE;
    p = UnsignedVarint.write(type.code(), out, p);
    out[p++] = TAG_DATA;
    p = UnsignedVarint.write(data.length, out, p);
    System.arraycopy(data, 0, out, p, data.length);
    return out;
  }

  static PeerPublicKey decode(byte[] in) throws InvalidPublicKeyException {
    if (in == null || in.length == 0) {
      throw new InvalidPublicKeyException("empty public key");
    }
    if (in.length > PeerPublicKey.MAX_ENCODED_LENGTH) {
      throw new InvalidPublicKeyException("public key protobuf of " + in.length + " bytes is longer than " + PeerPublicKey.MAX_ENCODED_LENGTH);
    }
    try {
      int p = 0;
      if ((in[p++] & 0xFF) != TAG_TYPE) {
        throw new InvalidPublicKeyException("public key protobuf must start with field 1 (Type), found tag 0x" + Integer.toHexString(in[0] & 0xFF));
      }
      UnsignedVarint.Decoded type = UnsignedVarint.decode(in, p);
      p += type.length();
      KeyType keyType = KeyType.ofCode(type.value());
      if (keyType == null) {
        throw new InvalidPublicKeyException("unknown key type " + Long.toUnsignedString(type.value()));
      }
      if (p >= in.length || (in[p++] & 0xFF) != TAG_DATA) {
        throw new InvalidPublicKeyException("public key protobuf must continue with field 2 (Data)");
      }
      UnsignedVarint.Decoded len = UnsignedVarint.decode(in, p);
      p += len.length();
      if (len.value() != in.length - p) {
        throw new InvalidPublicKeyException("Data length " + len.value() + " does not match the " + (in.length - p) + " bytes that follow");
      }
      byte[] data = new byte[in.length - p];
      System.arraycopy(in, p, data, 0, data.length);
      return PeerPublicKey.of(keyType, data);
    } catch (VarintException e) {
      throw new InvalidPublicKeyException("bad varint in public key protobuf: " + e.getMessage(), e);
    }
  }
}
