package org.zennet.protocol.identity;

/** The libp2p {@code KeyType} enum values that we know of. */
public enum KeyType {
  /** Not accepted here; listed so that errors can name it. */
  RSA(0),
  /** 32-byte RFC 8032 public key. */
  ED25519(1),
  /** 33-byte compressed point; the key of an Ethereum account. */
  SECP256K1(2),
  /** DER SubjectPublicKeyInfo of a NIST curve key. */
  ECDSA(3);

  private final int code;

  KeyType(int code) {
    this.code = code;
  }

  /** @return the protobuf enum number */
  public int code() {
    return code;
  }

  /** @return the type with protobuf enum number {@code code}, or null when there is none */
  public static KeyType ofCode(long code) {
    for (KeyType t : values()) {
      if (t.code == code) {
        return t;
      }
    }
    return null;
  }
}
