package org.zennet.contracts.channel;

import java.math.BigInteger;
import org.web3j.crypto.Sign;
import org.web3j.utils.Numeric;

/** Builds the malleable twin of a signature: (r, n − s, v flipped) recovers to the same key. */
final class Malleability {
  private Malleability() {}

  static SignedVoucher twin(SignedVoucher signed) {
    byte[] sig = signed.signature();
    BigInteger s = new BigInteger(1, java.util.Arrays.copyOfRange(sig, 32, 64));
    byte[] highS = Numeric.toBytesPadded(Sign.CURVE_PARAMS.getN().subtract(s), 32);
    System.arraycopy(highS, 0, sig, 32, 32);
    sig[64] = (byte) (sig[64] == 27 ? 28 : 27);
    return new SignedVoucher(signed.voucher(), sig);
  }
}
