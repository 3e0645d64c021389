package org.zennet.contracts.channel;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import org.web3j.crypto.Hash;
import org.web3j.crypto.Keys;
import org.web3j.crypto.WalletUtils;
import org.web3j.utils.Numeric;

/**
 * The EIP-712 domain of vouchers: {@code {name: "Zennet PaymentChannels", version: "1", chainId,
 * verifyingContract}} where {@code verifyingContract} is the PaymentChannels contract. A voucher signed
 * for one chain or contract is worthless on another.
 */
public record VoucherDomain(long chainId, String verifyingContract) {
  public static final String NAME = "Zennet PaymentChannels";
  public static final String VERSION = "1";
  static final byte[] DOMAIN_TYPE_HASH = Hash.sha3(
      "EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)".getBytes(StandardCharsets.UTF_8));

  public VoucherDomain {
    if (chainId <= 0) {
      throw new IllegalArgumentException("chainId must be positive, got " + chainId);
    }
    if (verifyingContract == null || !verifyingContract.startsWith("0x") || !WalletUtils.isValidAddress(verifyingContract)) {
      throw new IllegalArgumentException("verifyingContract is not a 0x-prefixed 20-byte address: " + verifyingContract);
    }
    verifyingContract = Keys.toChecksumAddress(verifyingContract);
  }

  /** {@code hashStruct(EIP712Domain)}: what the contract's {@code _domainSeparatorV4()} returns. */
  public byte[] separator() {
    byte[] encoded = new byte[5 * 32];
    System.arraycopy(DOMAIN_TYPE_HASH, 0, encoded, 0, 32);
    System.arraycopy(Hash.sha3(NAME.getBytes(StandardCharsets.UTF_8)), 0, encoded, 32, 32);
    System.arraycopy(Hash.sha3(VERSION.getBytes(StandardCharsets.UTF_8)), 0, encoded, 64, 32);
    System.arraycopy(Numeric.toBytesPadded(BigInteger.valueOf(chainId), 32), 0, encoded, 96, 32);
    System.arraycopy(Numeric.toBytesPadded(Numeric.toBigInt(verifyingContract), 32), 0, encoded, 128, 32);
    return Hash.sha3(encoded);
  }
}
