package org.zennet.contracts.chain;

import java.io.IOException;
import java.math.BigInteger;
import java.util.function.LongSupplier;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.response.EthBlock;
import org.web3j.protocol.core.methods.response.EthMaxPriorityFeePerGas;
import org.web3j.utils.Numeric;

/** Asks the node what gas price to pay ({@link FeeQuote#choose}), at most once per block. */
final class NodeFees {
  private final Web3j web3j;
  private final LongSupplier latestBlock;
  private volatile Cached cached;

  private record Cached(long block, FeeQuote quote) {}

  NodeFees(Web3j web3j, LongSupplier latestBlock) {
    this.web3j = web3j;
    this.latestBlock = latestBlock;
  }

  /** The current quote; cached for the block it was read at. */
  FeeQuote quote() throws IOException {
    long block = latestBlock.getAsLong();
    Cached current = cached;
    if (current != null && block >= 0 && current.block() == block) {
      return current.quote();
    }
    FeeQuote quote = fetch();
    cached = new Cached(block, quote);
    return quote;
  }

  /** Forgets the cached quote: the node said the price is too low. */
  void invalidate() {
    cached = null;
  }

  private FeeQuote fetch() throws IOException {
    var gasPrice = web3j.ethGasPrice().send();
    if (gasPrice.hasError()) {
      throw new IOException("eth_gasPrice failed: " + gasPrice.getError().getMessage());
    }
    if (gasPrice.getGasPrice().signum() == 0) {
      return FeeQuote.choose(BigInteger.ZERO, null, null);
    }
    EthBlock.Block latest = web3j.ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false).send().getBlock();
    String baseFee = latest == null ? null : latest.getBaseFeePerGasRaw();
    BigInteger tip = null;
    if (baseFee != null) {
      EthMaxPriorityFeePerGas suggested = web3j.ethMaxPriorityFeePerGas().send();
      tip = suggested.hasError() ? null : suggested.getMaxPriorityFeePerGas();
    }
    return FeeQuote.choose(gasPrice.getGasPrice(), baseFee == null ? null : Numeric.decodeQuantity(baseFee), tip);
  }
}
