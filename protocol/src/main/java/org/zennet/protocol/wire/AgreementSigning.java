package org.zennet.protocol.wire;

import io.vertx.core.buffer.Buffer;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SignatureException;
import java.util.Arrays;
import java.util.Optional;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Hash;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;
import org.web3j.utils.Numeric;
import org.zennet.protocol.varint.UnsignedVarint;

/**
 * The canonical bytes both parties sign for an agreement on {@code /zennet/negotiate/1.0.0}:
 * {@code uvarint(len(domain)) || domain || uvarint(len(terms)) || terms}, with the domain string
 * {@value #DOMAIN} and {@code terms} the serialized {@code AgreementTerms} exactly as received (a
 * signature never covers a re-serialization). The signature itself is a 65-byte secp256k1 signature
 * over the Keccak-256 of these bytes, made with the party's account key.
 */
public final class AgreementSigning {
  /** Domain separation: a signature over an agreement can never be mistaken for another message. */
  public static final String DOMAIN = "/zennet/negotiate/1.0.0/agreement";
  private static final BigInteger HALF_ORDER = Sign.CURVE_PARAMS.getN().shiftRight(1);

  private AgreementSigning() {}

  /** The bytes to hash and sign for {@code terms}. */
  public static byte[] signedBytes(byte[] terms) {
    byte[] domain = DOMAIN.getBytes(StandardCharsets.UTF_8);
    Buffer out = Buffer.buffer(domain.length + terms.length + 2 * UnsignedVarint.MAX_BYTES);
    UnsignedVarint.append(out, domain.length).appendBytes(domain);
    UnsignedVarint.append(out, terms.length).appendBytes(terms);
    return out.getBytes();
  }

  /** @return the 65-byte signature {@code r || s || v} (v 27 or 28) of {@code key} over {@code terms} */
  public static byte[] sign(byte[] terms, ECKeyPair key) {
    Sign.SignatureData sig = Sign.signMessage(Hash.sha3(signedBytes(terms)), key, false);
    byte[] out = new byte[65];
    System.arraycopy(sig.getR(), 0, out, 0, 32);
    System.arraycopy(sig.getS(), 0, out, 32, 32);
    out[64] = sig.getV()[0];
    return out;
  }

  /**
   * Recovers the account that signed {@code terms}.
   *
   * @return {@code 0x} + 40 lower-case hex digits, or empty when {@code signature} is not a valid
   *     65-byte signature (wrong length, v not 27/28, high s, no recoverable key)
   */
  public static Optional<String> signer(byte[] terms, byte[] signature) {
    if (signature == null || signature.length != 65) {
      return Optional.empty();
    }
    byte v = signature[64];
    BigInteger s = new BigInteger(1, Arrays.copyOfRange(signature, 32, 64));
    if ((v != 27 && v != 28) || s.signum() == 0 || s.compareTo(HALF_ORDER) > 0) {
      return Optional.empty();
    }
    Sign.SignatureData data = new Sign.SignatureData(v, Arrays.copyOfRange(signature, 0, 32),
        Arrays.copyOfRange(signature, 32, 64));
    try {
      BigInteger key = Sign.signedMessageHashToKey(Hash.sha3(signedBytes(terms)), data);
      return Optional.of(Numeric.prependHexPrefix(Keys.getAddress(key)).toLowerCase());
    } catch (SignatureException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** @return whether {@code signature} over {@code terms} is by {@code account} ({@code 0x} hex, any case) */
  public static boolean isSignedBy(byte[] terms, byte[] signature, String account) {
    return signer(terms, signature).map(a -> a.equalsIgnoreCase(account)).orElse(false);
  }
}
