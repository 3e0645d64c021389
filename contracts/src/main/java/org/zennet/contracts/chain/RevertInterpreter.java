package org.zennet.contracts.chain;

import java.math.BigInteger;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.protocol.core.Response;

/**
 * Turns revert data into a {@link ContractRevertException}: first the project's {@link RevertDecoder}
 * (custom errors), then Solidity's built-in {@code Error(string)} and {@code Panic(uint256)}, else an
 * {@link UnknownRevertException} that keeps the raw data.
 */
final class RevertInterpreter {
  static final String ERROR_SELECTOR = "0x08c379a0";
  static final String PANIC_SELECTOR = "0x4e487b71";

  private final RevertDecoder decoder;

  RevertInterpreter(RevertDecoder decoder) {
    this.decoder = decoder;
  }

  /** The exception for {@code revertData}; {@code context} says what reverted, for unknown errors. */
  ContractRevertException toException(String revertData, String context) {
    String data = revertData == null ? "0x" : revertData;
    return decoder.decode(data)
        .or(() -> builtIn(data))
        .orElseGet(() -> new UnknownRevertException(data, context));
  }

  @SuppressWarnings("rawtypes") // Web3j's decoder returns raw Types
  private static Optional<ContractRevertException> builtIn(String data) {
    String lower = data.toLowerCase(Locale.ROOT);
    try {
      if (lower.startsWith(ERROR_SELECTOR)) {
        List<Type> decoded = decode(lower, new TypeReference<Utf8String>() {});
        return Optional.of(new ContractRevertException("Error", List.of("message"),
            List.of(decoded.get(0).getValue()), data));
      }
      if (lower.startsWith(PANIC_SELECTOR)) {
        List<Type> decoded = decode(lower, new TypeReference<Uint256>() {});
        BigInteger code = (BigInteger) decoded.get(0).getValue();
        return Optional.of(new ContractRevertException("Panic", List.of("code"), List.of(code), data));
      }
    } catch (RuntimeException malformed) {
      return Optional.empty();
    }
    return Optional.empty();
  }

  @SuppressWarnings({"rawtypes", "unchecked"})
  private static List<Type> decode(String data, TypeReference<?> type) {
    List<Type> decoded = FunctionReturnDecoder.decode("0x" + data.substring(10), (List) List.of(type));
    if (decoded.isEmpty()) {
      throw new IllegalArgumentException("malformed revert data");
    }
    return decoded;
  }

  /**
   * The revert data in a JSON-RPC error, if the error is a revert: anvil, geth and Besu put it in the
   * error's {@code data} (code 3 or -32000, message "execution reverted...").
   */
  static Optional<String> revertData(Response.Error error) {
    if (error == null) {
      return Optional.empty();
    }
    String message = String.valueOf(error.getMessage()).toLowerCase(Locale.ROOT);
    String data = error.getData() == null ? "" : error.getData().replace("\"", "").trim();
    if (data.startsWith("0x")) {
      return Optional.of(data);
    }
    if (error.getCode() == 3 || message.contains("revert")) {
      return Optional.of("0x");
    }
    return Optional.empty();
  }
}
