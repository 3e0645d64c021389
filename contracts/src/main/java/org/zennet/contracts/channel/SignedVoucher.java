package org.zennet.contracts.channel;

import java.util.Arrays;
import org.web3j.utils.Numeric;

/**
 * A voucher and the publisher's 65-byte signature over its EIP-712 digest ({@code r ‖ s ‖ v}, v = 27 or 28),
 * the form the contract's {@code redeem} takes.
 */
public record SignedVoucher(Voucher voucher, byte[] signature) {
  public static final int SIGNATURE_LENGTH = 65;

  public SignedVoucher {
    if (voucher == null) {
      throw new IllegalArgumentException("voucher is missing");
    }
    if (signature == null || signature.length != SIGNATURE_LENGTH) {
      throw new IllegalArgumentException("a voucher signature is " + SIGNATURE_LENGTH + " bytes, got "
          + (signature == null ? "none" : signature.length));
    }
    signature = signature.clone();
  }

  @Override
  public byte[] signature() {
    return signature.clone();
  }

  /** The signature as 0x-hex. */
  public String signatureHex() {
    return Numeric.toHexString(signature);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SignedVoucher other && voucher.equals(other.voucher) && Arrays.equals(signature, other.signature);
  }

  @Override
  public int hashCode() {
    return 31 * voucher.hashCode() + Arrays.hashCode(signature);
  }

  /** Shows the voucher and only the start of the signature (signatures are not logged whole). */
  @Override
  public String toString() {
    return "SignedVoucher[channel " + voucher.channelId() + ", cumulative " + voucher.cumulativeAmount()
        + ", sig " + Numeric.toHexString(signature).substring(0, 10) + "…]";
  }
}
