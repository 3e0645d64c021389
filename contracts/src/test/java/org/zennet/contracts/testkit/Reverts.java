package org.zennet.contracts.testkit;

import java.io.IOException;
import java.util.List;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Type;
import org.web3j.crypto.Hash;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthCall;
import org.web3j.utils.Numeric;

/** Runs a call or a deployment with {@code eth_call} and returns the revert data it produces. */
public final class Reverts {
  private Reverts() {}

  /** The 4-byte selector of a custom error such as {@code XenCoinZeroAllocation(address)}, as 0x-hex. */
  public static String selector(String errorSignature) {
    return Hash.sha3String(errorSignature).substring(0, 10);
  }

  /** The ABI encoding of custom error {@code name} with {@code args}: what a revert with it returns. */
  @SuppressWarnings("rawtypes")
  public static String encoded(String name, Type... args) {
    return FunctionEncoder.encode(new org.web3j.abi.datatypes.Function(name, List.of(args), List.<TypeReference<?>>of()));
  }

  /** The revert data of {@code data} sent from {@code from} to {@code to} (null {@code to}: a deployment). */
  public static String revertData(Web3j web3j, String from, String to, String data) throws IOException {
    Transaction tx = to == null
        ? Transaction.createEthCallTransaction(from, null, data)
        : Transaction.createEthCallTransaction(from, to, data);
    EthCall call = web3j.ethCall(tx, DefaultBlockParameterName.LATEST).send();
    if (!call.hasError()) {
      throw new AssertionError("expected a revert, but the call returned " + call.getValue());
    }
    Object errorData = call.getError().getData();
    if (errorData == null) {
      throw new AssertionError("the call failed without revert data: " + call.getError().getMessage());
    }
    String hex = errorData.toString().replace("\"", "");
    return Numeric.prependHexPrefix(hex);
  }
}
