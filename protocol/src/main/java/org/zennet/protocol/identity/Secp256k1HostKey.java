package org.zennet.protocol.identity;

import java.math.BigInteger;
import java.security.SecureRandom;
import org.web3j.crypto.ECDSASignature;
import org.web3j.crypto.ECKeyPair;

/** A secp256k1 host key held as a Web3j {@link ECKeyPair}: the peer's Ethereum account key. */
public final class Secp256k1HostKey implements HostKey {
  private final ECKeyPair keyPair;
  private final Secp256k1PublicKey publicKey;

  Secp256k1HostKey(ECKeyPair keyPair) {
    this.keyPair = keyPair;
    try {
      this.publicKey = Secp256k1PublicKey.fromEthereumPublicKey(keyPair.getPublicKey());
    } catch (InvalidPublicKeyException e) {
      throw new IllegalArgumentException("the key pair's public key is not a secp256k1 point", e);
    }
  }

  static Secp256k1HostKey generate(SecureRandom random) {
    BigInteger n = Secp256k1PublicKey.CURVE.getN();
    BigInteger d;
    do {
      d = new BigInteger(256, random);
    } while (d.signum() == 0 || d.compareTo(n) >= 0);
    return new Secp256k1HostKey(ECKeyPair.create(d));
  }

  @Override
  public Secp256k1PublicKey publicKey() {
    return publicKey;
  }

  @Override
  public byte[] sign(byte[] message) {
    ECDSASignature sig = keyPair.sign(Secp256k1PublicKey.sha256(message)); // deterministic k, low S
    return EcdsaSignatures.encode(sig.r, sig.s);
  }

  @Override
  public String toString() {
    return "Secp256k1HostKey[" + peerId() + "]";
  }
}
