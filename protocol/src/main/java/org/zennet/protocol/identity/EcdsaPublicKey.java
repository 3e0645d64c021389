package org.zennet.protocol.identity;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/**
 * An ECDSA public key on a NIST curve, encoded as a DER SubjectPublicKeyInfo. Accepted so that we can
 * verify peers that use libp2p's ECDSA key type; signatures are SHA-256 then DER-encoded ECDSA.
 */
public final class EcdsaPublicKey implements PeerPublicKey {
  private final byte[] spki;
  private final ECPublicKey key;

  private EcdsaPublicKey(byte[] spki, ECPublicKey key) {
    this.spki = spki;
    this.key = key;
  }

  /** @param spki the DER SubjectPublicKeyInfo, exactly (no trailing bytes, DER not BER) */
  public static EcdsaPublicKey fromSubjectPublicKeyInfo(byte[] spki) throws InvalidPublicKeyException {
    if (spki == null || spki.length == 0 || spki.length > PeerPublicKey.MAX_ENCODED_LENGTH) {
      throw new InvalidPublicKeyException("ECDSA key must be a DER SubjectPublicKeyInfo of at most " + PeerPublicKey.MAX_ENCODED_LENGTH + " bytes");
    }
    try {
      SubjectPublicKeyInfo info = SubjectPublicKeyInfo.getInstance(spki);
      if (!Arrays.equals(info.getEncoded(ASN1Encoding.DER), spki)) {
        throw new InvalidPublicKeyException("ECDSA key is not DER-encoded");
      }
      if (!X9ObjectIdentifiers.id_ecPublicKey.equals(info.getAlgorithm().getAlgorithm())) {
        throw new InvalidPublicKeyException("ECDSA key has algorithm " + info.getAlgorithm().getAlgorithm() + ", not id-ecPublicKey");
      }
      PublicKey pk = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(spki));
      if (!(pk instanceof ECPublicKey ec)) {
        throw new InvalidPublicKeyException("not an EC public key");
      }
      return new EcdsaPublicKey(spki.clone(), ec);
    } catch (InvalidPublicKeyException e) {
      throw e;
    } catch (GeneralSecurityException | java.io.IOException | RuntimeException e) {
      throw new InvalidPublicKeyException("ECDSA key is not a valid SubjectPublicKeyInfo: " + e.getMessage(), e);
    }
  }

  @Override
  public KeyType type() {
    return KeyType.ECDSA;
  }

  @Override
  public byte[] data() {
    return spki.clone();
  }

  @Override
  public boolean verify(byte[] message, byte[] signature) {
    if (signature == null || signature.length > EcdsaSignatures.MAX_DER_LENGTH) {
      return false;
    }
    try {
      Signature verifier = Signature.getInstance("SHA256withECDSA");
      verifier.initVerify(key);
      verifier.update(message);
      return verifier.verify(signature);
    } catch (GeneralSecurityException | RuntimeException e) {
      return false; // malformed signature
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EcdsaPublicKey k && Arrays.equals(spki, k.spki);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(spki);
  }

  @Override
  public String toString() {
    return "ecdsa:" + peerId();
  }
}
