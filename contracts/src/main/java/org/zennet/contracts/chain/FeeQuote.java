package org.zennet.contracts.chain;

import java.math.BigInteger;

/**
 * The price a transaction is signed with: a legacy gas price (type 0) or EIP-1559 fees (type 2).
 *
 * @param legacy true for a legacy transaction; then only {@code gasPrice} counts
 * @param gasPrice the legacy gas price in wei (0 on free-gas chains)
 * @param maxFeePerGas EIP-1559: the most paid per gas, base fee included
 * @param maxPriorityFeePerGas EIP-1559: the tip per gas
 */
record FeeQuote(boolean legacy, BigInteger gasPrice, BigInteger maxFeePerGas, BigInteger maxPriorityFeePerGas) {

  static FeeQuote legacy(BigInteger gasPrice) {
    return new FeeQuote(true, gasPrice, BigInteger.ZERO, BigInteger.ZERO);
  }

  static FeeQuote eip1559(BigInteger maxFeePerGas, BigInteger maxPriorityFeePerGas) {
    return new FeeQuote(false, BigInteger.ZERO, maxFeePerGas, maxPriorityFeePerGas);
  }

  /**
   * The policy, from the node's {@code eth_gasPrice}, the latest block's base fee (null before London)
   * and the node's {@code eth_maxPriorityFeePerGas} (null if it does not answer it):
   * <ul>
   *   <li>gas price 0 (a free-gas chain: Besu {@code min-gas-price=0} with {@code zeroBaseFee}): legacy at 0;
   *   <li>a base fee: EIP-1559 with the node's suggested tip (else gas price minus base fee) and a max fee of
   *       twice the base fee plus the tip, which stays valid through six full blocks of base-fee rises;
   *   <li>no base fee: legacy at the node's gas price.
   * </ul>
   */
  static FeeQuote choose(BigInteger gasPrice, BigInteger baseFee, BigInteger suggestedTip) {
    if (gasPrice.signum() == 0) {
      return legacy(BigInteger.ZERO);
    }
    if (baseFee == null) {
      return legacy(gasPrice);
    }
    BigInteger tip = suggestedTip != null ? suggestedTip : gasPrice.subtract(baseFee).max(BigInteger.ZERO);
    return eip1559(baseFee.shiftLeft(1).add(tip), tip);
  }
}
