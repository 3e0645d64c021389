package org.zennet.contracts.chain;

import java.math.BigInteger;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * Calls of one contract through a {@link TransactionSender}: transactions from its account, and views
 * ({@code eth_call}) decoded into Java values. The typed clients of our contracts are built on it.
 */
public final class ContractCalls {
  private final TransactionSender sender;
  private final String address;

  public ContractCalls(TransactionSender sender, String address) {
    this.sender = sender;
    this.address = address;
  }

  /** The contract's address. */
  public String address() {
    return address;
  }

  /** The sending account, 0x-hex lower case. */
  public String account() {
    return sender.address();
  }

  /** Sends a transaction calling {@code name(args)}; completes with the receipt once it is mined. */
  public CompletableFuture<TransactionReceipt> send(String name, Type<?>... args) {
    return sender.send(address, FunctionEncoder.encode(new Function(name, List.of(args), List.of())));
  }

  /**
   * Runs the view {@code name(args)} and decodes what it returns.
   *
   * @param returns the ABI types of its return values, in order
   * @return the decoded values as Java objects (BigInteger, String address, Boolean, byte[] ...)
   */
  public CompletableFuture<List<Object>> view(String name, List<Type<?>> args, List<TypeReference<?>> returns) {
    @SuppressWarnings({"unchecked", "rawtypes"})
    Function function = new Function(name, (List) args, (List) returns);
    return sender.call(address, FunctionEncoder.encode(function)).thenApply(hex -> {
      List<Type> values = FunctionReturnDecoder.decode(hex, function.getOutputParameters());
      if (values.size() != returns.size()) {
        throw new IllegalStateException(name + " at " + address + " returned " + values.size() + " values, not "
            + returns.size() + ": is this the right contract?");
      }
      return values.stream().map(v -> (Object) v.getValue()).toList();
    });
  }

  /** A view returning one uint. */
  public CompletableFuture<BigInteger> uintView(String name, Type<?>... args) {
    return view(name, List.of(args), List.of(new TypeReference<org.web3j.abi.datatypes.generated.Uint256>() {}))
        .thenApply(values -> (BigInteger) values.get(0));
  }
}
