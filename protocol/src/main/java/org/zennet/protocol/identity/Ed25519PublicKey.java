package org.zennet.protocol.identity;

import java.util.Arrays;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/** An Ed25519 public key (RFC 8032), the default key type of stock libp2p peers. */
public final class Ed25519PublicKey implements PeerPublicKey {
  private final byte[] key;

  private Ed25519PublicKey(byte[] key) {
    this.key = key;
  }

  /** @param key the 32-byte encoded point */
  public static Ed25519PublicKey fromBytes(byte[] key) throws InvalidPublicKeyException {
    if (key == null || key.length != Ed25519.PUBLIC_KEY_SIZE) {
      throw new InvalidPublicKeyException("an Ed25519 key must be 32 bytes");
    }
    if (!Ed25519.validatePublicKeyPartial(key, 0)) {
      throw new InvalidPublicKeyException("Ed25519 key is not a valid curve point");
    }
    return new Ed25519PublicKey(key.clone());
  }

  @Override
  public KeyType type() {
    return KeyType.ED25519;
  }

  @Override
  public byte[] data() {
    return key.clone();
  }

  @Override
  public boolean verify(byte[] message, byte[] signature) {
    if (signature == null || signature.length != Ed25519.SIGNATURE_SIZE) {
      return false;
    }
    Ed25519Signer verifier = new Ed25519Signer();
    verifier.init(false, new Ed25519PublicKeyParameters(key, 0));
    verifier.update(message, 0, message.length);
    return verifier.verifySignature(signature);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Ed25519PublicKey k && Arrays.equals(key, k.key);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(key);
  }

  @Override
  public String toString() {
    return "ed25519:" + peerId();
  }
}
