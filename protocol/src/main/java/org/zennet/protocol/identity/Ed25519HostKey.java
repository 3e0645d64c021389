package org.zennet.protocol.identity;

import java.security.SecureRandom;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/** An Ed25519 host key, as stock libp2p peers use; here for tests and interoperability checks. */
public final class Ed25519HostKey implements HostKey {
  private final Ed25519PrivateKeyParameters privateKey;
  private final Ed25519PublicKey publicKey;

  private Ed25519HostKey(Ed25519PrivateKeyParameters privateKey) {
    this.privateKey = privateKey;
    try {
      this.publicKey = Ed25519PublicKey.fromBytes(privateKey.generatePublicKey().getEncoded());
    } catch (InvalidPublicKeyException e) {
      throw new IllegalStateException("Bouncy Castle derived an invalid Ed25519 key", e);
    }
  }

  static Ed25519HostKey generate(SecureRandom random) {
    return new Ed25519HostKey(new Ed25519PrivateKeyParameters(random));
  }

  /** @param seed the 32-byte RFC 8032 private key */
  public static Ed25519HostKey fromSeed(byte[] seed) {
    if (seed.length != Ed25519PrivateKeyParameters.KEY_SIZE) {
      throw new IllegalArgumentException("an Ed25519 private key is 32 bytes");
    }
    return new Ed25519HostKey(new Ed25519PrivateKeyParameters(seed, 0));
  }

  @Override
  public Ed25519PublicKey publicKey() {
    return publicKey;
  }

  @Override
  public byte[] sign(byte[] message) {
    Ed25519Signer signer = new Ed25519Signer();
    signer.init(true, privateKey);
    signer.update(message, 0, message.length);
    return signer.generateSignature();
  }

  @Override
  public String toString() {
    return "Ed25519HostKey[" + peerId() + "]";
  }
}
