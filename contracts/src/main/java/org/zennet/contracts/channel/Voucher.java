package org.zennet.contracts.channel;

import java.math.BigInteger;

/**
 * A payment channel voucher: the publisher promises the channel's provider {@code cumulativeAmount}
 * wei of XEN in total (not an increment) on channel {@code channelId}. The EIP-712 type is
 * {@code Voucher(uint256 channelId,uint256 cumulativeAmount)}.
 */
public record Voucher(BigInteger channelId, BigInteger cumulativeAmount) {
  static final BigInteger UINT256_LIMIT = BigInteger.ONE.shiftLeft(256);

  public Voucher {
    requireUint256("channelId", channelId);
    requireUint256("cumulativeAmount", cumulativeAmount);
  }

  public Voucher(long channelId, BigInteger cumulativeAmount) {
    this(BigInteger.valueOf(channelId), cumulativeAmount);
  }

  static void requireUint256(String name, BigInteger value) {
    if (value == null || value.signum() < 0 || value.compareTo(UINT256_LIMIT) >= 0) {
      throw new IllegalArgumentException(name + " must be a uint256, got " + value);
    }
  }
}
