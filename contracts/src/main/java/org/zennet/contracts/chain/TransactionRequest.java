package org.zennet.contracts.chain;

import java.math.BigInteger;
import java.util.Optional;
import org.web3j.utils.Numeric;

/**
 * What to send: a call of {@code data} on contract {@code to} (or a deployment when {@code to} is empty),
 * with {@code value} wei, and a gas limit when the caller does not want it estimated.
 *
 * @param to the recipient, 0x-hex; empty for a contract deployment
 * @param data the calldata (or, for a deployment, the init code and constructor arguments), hex; a
 *     missing 0x is added (Web3j's wrappers keep their {@code BINARY} without one)
 * @param value wei sent along, 0 or more
 * @param gasLimit the gas limit; empty to use {@code eth_estimateGas} plus the sender's margin
 */
public record TransactionRequest(Optional<String> to, String data, BigInteger value, Optional<BigInteger> gasLimit) {

  public TransactionRequest {
    to.ifPresent(address -> {
      if (!Numeric.cleanHexPrefix(address).matches("[0-9a-fA-F]{40}")) {
        throw new IllegalArgumentException("'to' must be a 20-byte 0x-hex address, got " + address);
      }
    });
    data = data == null || data.isEmpty() ? "0x" : Numeric.prependHexPrefix(data);
    if (!data.startsWith("0x") || !data.substring(2).matches("([0-9a-fA-F]{2})*")) {
      throw new IllegalArgumentException("data must be 0x-hex bytes, got " + abbreviate(data));
    }
    if (value == null || value.signum() < 0) {
      throw new IllegalArgumentException("value must be 0 or more wei, got " + value);
    }
    gasLimit.ifPresent(limit -> {
      if (limit.signum() <= 0) {
        throw new IllegalArgumentException("gas limit must be positive, got " + limit);
      }
    });
  }

  /** A call of {@code data} on {@code to}, no value, estimated gas. */
  public static TransactionRequest call(String to, String data) {
    return new TransactionRequest(Optional.of(to), data, BigInteger.ZERO, Optional.empty());
  }

  /** A contract deployment with init code (and encoded constructor arguments) {@code data}. */
  public static TransactionRequest deployment(String data) {
    return new TransactionRequest(Optional.empty(), data, BigInteger.ZERO, Optional.empty());
  }

  /** This request sending {@code wei} along. */
  public TransactionRequest withValue(BigInteger wei) {
    return new TransactionRequest(to, data, wei, gasLimit);
  }

  /** This request with a fixed gas limit: no estimation (and so no revert check before sending). */
  public TransactionRequest withGasLimit(BigInteger limit) {
    return new TransactionRequest(to, data, value, Optional.of(limit));
  }

  /** What this request is, for messages: "a call to 0x..." or "a contract deployment". */
  String describe() {
    return to.map(address -> "a call to " + address).orElse("a contract deployment");
  }

  private static String abbreviate(String s) {
    return s.length() > 20 ? s.substring(0, 20) + "..." : s;
  }
}
