package org.zennet.protocol.identity;

/**
 * A peer's public host key, as libp2p encodes it in a {@code PublicKey} protobuf. Equality is by
 * encoding.
 */
public sealed interface PeerPublicKey permits Secp256k1PublicKey, Ed25519PublicKey, EcdsaPublicKey {

  /** Longest {@code PublicKey} protobuf we parse: an ECDSA P-521 SubjectPublicKeyInfo with header. */
  int MAX_ENCODED_LENGTH = 256;

  /** @return the key type */
  KeyType type();

  /** @return a copy of the {@code Data} field: the key in its type's own encoding */
  byte[] data();

  /** @return a copy of the deterministic {@code PublicKey} protobuf encoding */
  default byte[] toProtobuf() {
    return PublicKeyProtobuf.encode(type(), data());
  }

  /** @return the PeerId of this key */
  default PeerId peerId() {
    return PeerId.fromPublicKey(this);
  }

  /**
   * Checks a signature made by this key's private key over {@code message} (secp256k1 and ECDSA:
   * SHA-256 then DER-encoded ECDSA; Ed25519: RFC 8032).
   *
   * @return true only when the signature is valid; false for a wrong or malformed signature
   */
  boolean verify(byte[] message, byte[] signature);

  /**
   * Parses a {@code PublicKey} protobuf, accepting only the deterministic encoding: field 1 then
   * field 2, both present, no other field, minimal varints, no trailing bytes.
   *
   * @throws InvalidPublicKeyException for anything else, or a key type or key we do not accept
   */
  static PeerPublicKey fromProtobuf(byte[] encoded) throws InvalidPublicKeyException {
    return PublicKeyProtobuf.decode(encoded);
  }

  /** Builds a key from its type and {@code Data} bytes, validating them. */
  static PeerPublicKey of(KeyType type, byte[] data) throws InvalidPublicKeyException {
    return switch (type) {
      case SECP256K1 -> Secp256k1PublicKey.fromCompressed(data);
      case ED25519 -> Ed25519PublicKey.fromBytes(data);
      case ECDSA -> EcdsaPublicKey.fromSubjectPublicKeyInfo(data);
      case RSA -> throw new InvalidPublicKeyException("RSA host keys are not accepted; use Ed25519 or secp256k1");
    };
  }
}
