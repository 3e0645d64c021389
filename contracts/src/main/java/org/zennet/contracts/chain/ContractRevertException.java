package org.zennet.contracts.chain;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A contract call or transaction reverted with one of our custom errors (or a standard one such as
 * OpenZeppelin's {@code ERC20InsufficientBalance}). Each custom error has a subclass generated from
 * the ABI ({@code org.zennet.contracts.generated.errors}), so callers catch what they can handle,
 * e.g. {@code PaymentChannelsNothingToRedeemException}.
 */
public class ContractRevertException extends Exception {
  private static final long serialVersionUID = 1L;

  private final String errorName;
  private final List<String> parameterNames;
  private final transient List<Object> arguments;
  private final String revertData;

  public ContractRevertException(String errorName, List<String> parameterNames, List<Object> arguments, String revertData) {
    super(describe(errorName, parameterNames, arguments));
    this.errorName = errorName;
    this.parameterNames = List.copyOf(parameterNames);
    this.arguments = List.copyOf(arguments);
    this.revertData = revertData;
  }

  private static String describe(String name, List<String> names, List<Object> args) {
    return name + "(" + IntStream.range(0, args.size())
        .mapToObj(i -> (i < names.size() && !names.get(i).isEmpty() ? names.get(i) + "=" : "") + args.get(i))
        .collect(Collectors.joining(", ")) + ")";
  }

  /** The Solidity error's name, e.g. {@code PaymentChannelsNothingToRedeem}. */
  public String errorName() {
    return errorName;
  }

  /** The decoded arguments, in declaration order (BigInteger, String address, Boolean, byte[] ...). */
  public List<Object> arguments() {
    return arguments;
  }

  public List<String> parameterNames() {
    return parameterNames;
  }

  /** The raw revert data, 0x-hex. */
  public String revertData() {
    return revertData;
  }
}
