package org.zennet.protocol.identity;

import java.util.Arrays;
import java.util.Optional;
import org.zennet.protocol.varint.UnsignedVarint;
import org.zennet.protocol.varint.VarintException;

/**
 * A libp2p PeerId: the multihash of a public key's {@code PublicKey} protobuf, the identity multihash
 * when that encoding is at most {@value #MAX_INLINE_KEY_LENGTH} bytes (secp256k1 and Ed25519 keys), a
 * SHA-256 multihash otherwise. Shown as base58btc ({@code 16Uiu2...} for secp256k1, {@code 12D3Koo...}
 * for Ed25519); parsed from base58btc or from a base32 CIDv1 with the {@code libp2p-key} codec.
 */
public final class PeerId {
  /** Keys whose protobuf is at most this long are inlined with the identity multihash. */
  public static final int MAX_INLINE_KEY_LENGTH = 42;
  /** Longest PeerId text we parse (a base32 CIDv1 of an inlined 42-byte key is 73 characters). */
  public static final int MAX_TEXT_LENGTH = 128;

  private static final int IDENTITY = 0x00;
  private static final int SHA2_256 = 0x12;
  private static final int CID_V1 = 0x01;
  private static final int LIBP2P_KEY = 0x72;

  private final byte[] multihash;

  private PeerId(byte[] multihash) {
    this.multihash = multihash;
  }

  /** @return the PeerId of {@code key} */
  public static PeerId fromPublicKey(PeerPublicKey key) {
    byte[] encoded = key.toProtobuf();
    if (encoded.length <= MAX_INLINE_KEY_LENGTH) {
      return new PeerId(multihash(IDENTITY, encoded));
    }
    return new PeerId(multihash(SHA2_256, Secp256k1PublicKey.sha256(encoded)));
  }

  private static byte[] multihash(int code, byte[] digest) {
    byte[] out = new byte[2 + digest.length];
    out[0] = (byte) code;
    out[1] = (byte) digest.length; // both digests are shorter than 128 bytes: one-byte varint
    System.arraycopy(digest, 0, out, 2, digest.length);
    return out;
  }

  /**
   * Parses the binary multihash.
   *
   * @throws InvalidPeerIdException unless it is an identity multihash of a valid public key protobuf
   *     of at most 42 bytes, or a SHA-256 multihash
   */
  public static PeerId fromBytes(byte[] bytes) throws InvalidPeerIdException {
    if (bytes == null || bytes.length < 2 || bytes.length > 2 + PeerPublicKey.MAX_ENCODED_LENGTH) {
      throw new InvalidPeerIdException("a PeerId multihash must be 2 to " + (2 + PeerPublicKey.MAX_ENCODED_LENGTH) + " bytes");
    }
    try {
      UnsignedVarint.Decoded code = UnsignedVarint.decode(bytes, 0);
      UnsignedVarint.Decoded len = UnsignedVarint.decode(bytes, code.length());
      int digestStart = code.length() + len.length();
      if (len.value() != bytes.length - digestStart) {
        throw new InvalidPeerIdException("multihash length " + len.value() + " does not match the " + (bytes.length - digestStart) + " digest bytes");
      }
      if (code.value() == IDENTITY) {
        if (len.value() > MAX_INLINE_KEY_LENGTH) {
          throw new InvalidPeerIdException("identity multihash longer than " + MAX_INLINE_KEY_LENGTH + " bytes");
        }
        try {
          PeerPublicKey.fromProtobuf(Arrays.copyOfRange(bytes, digestStart, bytes.length));
        } catch (InvalidPublicKeyException e) {
          throw new InvalidPeerIdException("identity PeerId does not hold a valid public key: " + e.getMessage());
        }
      } else if (code.value() == SHA2_256) {
        if (len.value() != 32) {
          throw new InvalidPeerIdException("SHA-256 multihash digest must be 32 bytes, not " + len.value());
        }
      } else {
        throw new InvalidPeerIdException("multihash code 0x" + Long.toHexString(code.value()) + " is not identity or sha2-256");
      }
      return new PeerId(bytes.clone());
    } catch (VarintException e) {
      throw new InvalidPeerIdException("bad varint in PeerId: " + e.getMessage());
    }
  }

  /**
   * Parses a PeerId in text: base58btc multihash ({@code Qm...}, {@code 1...}) or a base32 CIDv1
   * ({@code b...}) with the libp2p-key codec.
   */
  public static PeerId parse(String text) throws InvalidPeerIdException {
    if (text == null || text.isEmpty()) {
      throw new InvalidPeerIdException("empty PeerId");
    }
    if (text.length() > MAX_TEXT_LENGTH) {
      throw new InvalidPeerIdException("PeerId text longer than " + MAX_TEXT_LENGTH + " characters");
    }
    if (text.startsWith("Qm") || text.startsWith("1")) {
      byte[] bytes = Base58.decode(text);
      if (bytes == null) {
        throw new InvalidPeerIdException("PeerId '" + text + "' is not base58btc");
      }
      return fromBytes(bytes);
    }
    if (text.charAt(0) == 'b') {
      byte[] cid = Base32.decode(text.substring(1));
      if (cid == null || cid.length < 3 || cid[0] != CID_V1 || cid[1] != LIBP2P_KEY) {
        throw new InvalidPeerIdException("PeerId '" + text + "' is not a base32 CIDv1 with the libp2p-key codec");
      }
      return fromBytes(Arrays.copyOfRange(cid, 2, cid.length));
    }
    throw new InvalidPeerIdException("PeerId '" + text + "' is neither base58btc (Qm..., 1...) nor a base32 CID (b...)");
  }

  /** @return a copy of the multihash bytes */
  public byte[] toBytes() {
    return multihash.clone();
  }

  /** @return the base58btc text, as libp2p displays PeerIds */
  public String toBase58() {
    return Base58.encode(multihash);
  }

  /** @return the base32 CIDv1 text ({@code bafz...}) */
  public String toCid() {
    byte[] cid = new byte[2 + multihash.length];
    cid[0] = CID_V1;
    cid[1] = LIBP2P_KEY;
    System.arraycopy(multihash, 0, cid, 2, multihash.length);
    return "b" + Base32.encode(cid);
  }

  /** @return the public key, when this PeerId inlines it (identity multihash) */
  public Optional<PeerPublicKey> publicKey() {
    if (multihash[0] != IDENTITY) {
      return Optional.empty();
    }
    try {
      return Optional.of(PeerPublicKey.fromProtobuf(Arrays.copyOfRange(multihash, 2, multihash.length)));
    } catch (InvalidPublicKeyException e) {
      throw new IllegalStateException("checked when parsed", e);
    }
  }

  /**
   * The Ethereum account whose key this PeerId is: only a secp256k1 PeerId has one (Keccak-256 of
   * the uncompressed point, last 20 bytes).
   *
   * @return {@code 0x} and 40 lower-case hex digits, or empty for Ed25519, ECDSA and hashed PeerIds
   */
  public Optional<String> ethereumAddress() {
    return publicKey().filter(Secp256k1PublicKey.class::isInstance)
        .map(k -> ((Secp256k1PublicKey) k).ethereumAddress());
  }

  /**
   * Whether this PeerId is the key of Ethereum account {@code address} (any letter case, with or
   * without {@code 0x}).
   */
  public boolean isAccount(String address) {
    if (address == null) {
      return false;
    }
    String a = address.startsWith("0x") || address.startsWith("0X") ? address.substring(2) : address;
    return ethereumAddress().map(mine -> mine.substring(2).equalsIgnoreCase(a)).orElse(false);
  }

  /** @return whether {@code key} is the key of this PeerId */
  public boolean matches(PeerPublicKey key) {
    return equals(fromPublicKey(key));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PeerId p && Arrays.equals(multihash, p.multihash);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(multihash);
  }

  /** @return the base58btc text */
  @Override
  public String toString() {
    return toBase58();
  }
}
