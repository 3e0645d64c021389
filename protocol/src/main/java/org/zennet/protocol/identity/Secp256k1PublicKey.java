package org.zennet.protocol.identity;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.math.ec.ECPoint;

/**
 * A secp256k1 public key, the key of an Ethereum account. libp2p encodes it as the 33-byte compressed
 * point; signatures are ECDSA over SHA-256 of the message, DER-encoded.
 */
public final class Secp256k1PublicKey implements PeerPublicKey {
  static final X9ECParameters CURVE_PARAMS = CustomNamedCurves.getByName("secp256k1");
  static final ECDomainParameters CURVE = new ECDomainParameters(
      CURVE_PARAMS.getCurve(), CURVE_PARAMS.getG(), CURVE_PARAMS.getN(), CURVE_PARAMS.getH());

  private final byte[] compressed;
  private final ECPoint point;

  private Secp256k1PublicKey(byte[] compressed, ECPoint point) {
    this.compressed = compressed;
    this.point = point;
  }

  /** @param compressed 33 bytes: 0x02 or 0x03, then X */
  public static Secp256k1PublicKey fromCompressed(byte[] compressed) throws InvalidPublicKeyException {
    if (compressed == null || compressed.length != 33 || (compressed[0] != 2 && compressed[0] != 3)) {
      throw new InvalidPublicKeyException("a secp256k1 key must be a 33-byte compressed point starting with 02 or 03");
    }
    try {
      ECPoint p = CURVE.getCurve().decodePoint(compressed);
      if (p.isInfinity() || !p.isValid()) {
        throw new InvalidPublicKeyException("secp256k1 key is not a valid curve point");
      }
      return new Secp256k1PublicKey(compressed.clone(), p.normalize());
    } catch (IllegalArgumentException e) {
      throw new InvalidPublicKeyException("secp256k1 key is not on the curve", e);
    }
  }

  /** From a Web3j / Ethereum public key: the 64-byte X‖Y as an unsigned integer. */
  public static Secp256k1PublicKey fromEthereumPublicKey(BigInteger xy) throws InvalidPublicKeyException {
    byte[] raw = new byte[65];
    raw[0] = 4;
    byte[] b = xy.toByteArray();
    int len = Math.min(b.length, 64);
    System.arraycopy(b, b.length - len, raw, 65 - len, len);
    try {
      ECPoint p = CURVE.getCurve().decodePoint(raw);
      return fromCompressed(p.getEncoded(true));
    } catch (IllegalArgumentException e) {
      throw new InvalidPublicKeyException("not a secp256k1 public key", e);
    }
  }

  @Override
  public KeyType type() {
    return KeyType.SECP256K1;
  }

  @Override
  public byte[] data() {
    return compressed.clone();
  }

  /** @return the 64-byte uncompressed X‖Y as Web3j represents an account's public key */
  public BigInteger toEthereumPublicKey() {
    byte[] uncompressed = point.getEncoded(false);
    return new BigInteger(1, Arrays.copyOfRange(uncompressed, 1, 65));
  }

  /**
   * The Ethereum account of this key: the last 20 bytes of Keccak-256 over the 64-byte uncompressed
   * point X‖Y, as {@code 0x} and 40 lower-case hex digits.
   */
  public String ethereumAddress() {
    return "0x" + org.web3j.crypto.Keys.getAddress(toEthereumPublicKey());
  }

  @Override
  public boolean verify(byte[] message, byte[] signature) {
    BigInteger[] rs = EcdsaSignatures.decode(signature, CURVE.getN());
    if (rs == null) {
      return false;
    }
    ECDSASigner signer = new ECDSASigner();
    signer.init(false, new ECPublicKeyParameters(point, CURVE));
    return signer.verifySignature(sha256(message), rs[0], rs[1]);
  }

  static byte[] sha256(byte[] message) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(message);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Secp256k1PublicKey k && Arrays.equals(compressed, k.compressed);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(compressed);
  }

  @Override
  public String toString() {
    return "secp256k1:" + peerId();
  }
}
