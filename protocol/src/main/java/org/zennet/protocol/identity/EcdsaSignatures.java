package org.zennet.protocol.identity;

import java.io.IOException;
import java.math.BigInteger;
import java.util.Arrays;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DERSequence;

/** Strict DER {@code SEQUENCE { r INTEGER, s INTEGER }} for ECDSA signatures. */
final class EcdsaSignatures {
  /** A DER ECDSA signature on a curve of at most 521 bits is shorter than this. */
  static final int MAX_DER_LENGTH = 160;

  private EcdsaSignatures() {}

  static byte[] encode(BigInteger r, BigInteger s) {
    try {
      return new DERSequence(new ASN1Integer[] {new ASN1Integer(r), new ASN1Integer(s)}).getEncoded(ASN1Encoding.DER);
    } catch (IOException e) {
      throw new IllegalStateException("DER encoding of an ECDSA signature failed", e);
    }
  }

  /**
   * @return {r, s} with both in [1, order-1], or null when {@code der} is not exactly the DER encoding
   *     of such a pair
   */
  static BigInteger[] decode(byte[] der, BigInteger order) {
    if (der == null || der.length < 8 || der.length > MAX_DER_LENGTH) {
      return null;
    }
    try {
      ASN1Primitive primitive = ASN1Primitive.fromByteArray(der);
      if (!(primitive instanceof ASN1Sequence seq) || seq.size() != 2
          || !(seq.getObjectAt(0) instanceof ASN1Integer ri) || !(seq.getObjectAt(1) instanceof ASN1Integer si)) {
        return null;
      }
      if (!Arrays.equals(primitive.getEncoded(ASN1Encoding.DER), der)) {
        return null; // BER, padding or trailing bytes
      }
      BigInteger r = ri.getValue();
      BigInteger s = si.getValue();
      if (r.signum() <= 0 || s.signum() <= 0 || r.compareTo(order) >= 0 || s.compareTo(order) >= 0) {
        return null;
      }
      return new BigInteger[] {r, s};
    } catch (IOException | RuntimeException e) {
      // Bouncy Castle reports malformed ASN.1 with IOException or IllegalArgumentException/IllegalStateException
      return null;
    }
  }
}
