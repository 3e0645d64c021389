package org.zennet.protocol.wire;

import com.google.protobuf.ByteString;
import java.math.BigInteger;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The value encodings of the Zennet messages (common.proto): uint256 as 32 bytes big-endian, addresses as
 * 20 bytes, SHA-256 digests as 32 bytes. Decoding checks the length and throws
 * {@link MalformedMessageException} naming the field, so a handler can answer a peer's bad field clearly.
 */
public final class WireValues {
  private static final BigInteger UINT256_LIMIT = BigInteger.ONE.shiftLeft(256);
  private static final HexFormat HEX = HexFormat.of();

  private WireValues() {}

  /** {@code value} as 32 bytes big-endian. */
  public static ByteString uint256(BigInteger value) {
    if (value.signum() < 0 || value.compareTo(UINT256_LIMIT) >= 0) {
      throw new IllegalArgumentException("not a uint256: " + value);
    }
    byte[] raw = value.toByteArray();
    byte[] out = new byte[32];
    int copy = Math.min(raw.length, 32);
    System.arraycopy(raw, raw.length - copy, out, 32 - copy, copy);
    return ByteString.copyFrom(out);
  }

  /** The uint256 in {@code bytes}, which must be 32 long. */
  public static BigInteger uint256(ByteString bytes, String field) throws MalformedMessageException {
    if (bytes.size() != 32) {
      throw new MalformedMessageException(field + " must be a 32-byte uint256, got " + bytes.size() + " bytes");
    }
    return new BigInteger(1, bytes.toByteArray());
  }

  /** A 0x-hex address as 20 bytes. */
  public static ByteString address(String address) {
    String hex = address.startsWith("0x") || address.startsWith("0X") ? address.substring(2) : address;
    if (hex.length() != 40) {
      throw new IllegalArgumentException("not a 20-byte address: " + address);
    }
    return ByteString.copyFrom(HEX.parseHex(hex));
  }

  /** The address in {@code bytes} (20 long), 0x-hex lower case. */
  public static String address(ByteString bytes, String field) throws MalformedMessageException {
    if (bytes.size() != 20) {
      throw new MalformedMessageException(field + " must be a 20-byte address, got " + bytes.size() + " bytes");
    }
    return "0x" + HEX.formatHex(bytes.toByteArray()).toLowerCase(Locale.ROOT);
  }

  /** A lower-case hex SHA-256 as 32 bytes. */
  public static ByteString sha256(String hex) {
    if (hex.length() != 64) {
      throw new IllegalArgumentException("not a SHA-256 digest: " + hex);
    }
    return ByteString.copyFrom(HEX.parseHex(hex));
  }

  /** The SHA-256 in {@code bytes} (32 long) as lower-case hex. */
  public static String sha256(ByteString bytes, String field) throws MalformedMessageException {
    if (bytes.size() != 32) {
      throw new MalformedMessageException(field + " must be a 32-byte SHA-256, got " + bytes.size() + " bytes");
    }
    return HEX.formatHex(bytes.toByteArray());
  }
}
