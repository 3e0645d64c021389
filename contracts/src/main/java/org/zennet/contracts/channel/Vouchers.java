package org.zennet.contracts.channel;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SignatureException;
import java.util.Arrays;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;
import org.web3j.utils.Numeric;

/**
 * Signs and verifies vouchers in pure Java, exactly as {@code PaymentChannels} checks them:
 * {@code digest = keccak256(0x1901 ‖ domainSeparator ‖ keccak256(VOUCHER_TYPE_HASH ‖ channelId ‖ cumulativeAmount))},
 * signatures recovered like OpenZeppelin's {@code ECDSA.recover} (65 bytes, v ∈ {27, 28}, s in the
 * lower half of the curve order: no malleable twin is accepted).
 */
public final class Vouchers {
  public static final String VOUCHER_TYPE = "Voucher(uint256 channelId,uint256 cumulativeAmount)";
  static final byte[] VOUCHER_TYPE_HASH = Hash.sha3(VOUCHER_TYPE.getBytes(StandardCharsets.UTF_8));
  /** Half the secp256k1 group order: OpenZeppelin rejects any s above it. */
  static final BigInteger HALF_ORDER =
      new BigInteger("7FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF5D576E7357A4501DDFE92F46681B20A0", 16);

  private final VoucherDomain domain;
  private final byte[] separator;

  public Vouchers(VoucherDomain domain) {
    this.domain = domain;
    this.separator = domain.separator();
  }

  public VoucherDomain domain() {
    return domain;
  }

  /** The EIP-712 digest the publisher signs. */
  public byte[] digest(Voucher voucher) {
    byte[] struct = new byte[3 * 32];
    System.arraycopy(VOUCHER_TYPE_HASH, 0, struct, 0, 32);
    System.arraycopy(Numeric.toBytesPadded(voucher.channelId(), 32), 0, struct, 32, 32);
    System.arraycopy(Numeric.toBytesPadded(voucher.cumulativeAmount(), 32), 0, struct, 64, 32);
    byte[] message = new byte[2 + 32 + 32];
    message[0] = 0x19;
    message[1] = 0x01;
    System.arraycopy(separator, 0, message, 2, 32);
    System.arraycopy(Hash.sha3(struct), 0, message, 34, 32);
    return Hash.sha3(message);
  }

  /** Signs {@code voucher} with the publisher's key. */
  public SignedVoucher sign(Voucher voucher, Credentials publisher) {
    Sign.SignatureData sig = Sign.signMessage(digest(voucher), publisher.getEcKeyPair(), false);
    byte[] bytes = new byte[SignedVoucher.SIGNATURE_LENGTH];
    System.arraycopy(sig.getR(), 0, bytes, 0, 32);
    System.arraycopy(sig.getS(), 0, bytes, 32, 32);
    bytes[64] = sig.getV()[0];
    return new SignedVoucher(voucher, bytes);
  }

  /**
   * The address that signed {@code signed}, checksummed.
   *
   * @throws InvalidVoucherException if the signature is malformed or malleable (high s, bad v)
   */
  public String recoverSigner(SignedVoucher signed) throws InvalidVoucherException {
    byte[] sig = signed.signature();
    byte v = sig[64];
    if (v != 27 && v != 28) {
      throw new InvalidVoucherException("voucher signature has v = " + Byte.toUnsignedInt(v) + "; expected 27 or 28");
    }
    byte[] r = Arrays.copyOfRange(sig, 0, 32);
    byte[] s = Arrays.copyOfRange(sig, 32, 64);
    if (new BigInteger(1, s).compareTo(HALF_ORDER) > 0) {
      throw new InvalidVoucherException("voucher signature is malleable (s in the upper half of the curve order)");
    }
    try {
      BigInteger key = Sign.signedMessageHashToKey(digest(signed.voucher()), new Sign.SignatureData(v, r, s));
      return Keys.toChecksumAddress(Keys.getAddress(key));
    } catch (SignatureException | RuntimeException e) {
      throw new InvalidVoucherException("voucher signature does not recover to any key: " + e.getMessage());
    }
  }

  /**
   * Checks that {@code signed} was signed by {@code publisher}.
   *
   * @throws InvalidVoucherException naming the signer it found instead
   */
  public void verify(SignedVoucher signed, String publisher) throws InvalidVoucherException {
    String signer = recoverSigner(signed);
    if (!signer.equalsIgnoreCase(publisher)) {
      throw new InvalidVoucherException("voucher for channel " + signed.voucher().channelId() + " is signed by "
          + signer + ", not by the channel's publisher " + Keys.toChecksumAddress(publisher));
    }
  }
}
