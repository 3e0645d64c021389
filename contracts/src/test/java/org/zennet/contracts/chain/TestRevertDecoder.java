package org.zennet.contracts.chain;

import java.util.List;
import java.util.Optional;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.crypto.Hash;

/** Knows one error, OpenZeppelin's {@code ERC20InsufficientBalance(address,uint256,uint256)}. */
final class TestRevertDecoder implements RevertDecoder {
  static final String INSUFFICIENT_BALANCE = "ERC20InsufficientBalance";
  static final String SELECTOR = Hash.sha3String(INSUFFICIENT_BALANCE + "(address,uint256,uint256)").substring(0, 10);

  /** A decoder that knows nothing. */
  static final RevertDecoder NONE = ChainFixture.RevertDecoderNone.INSTANCE;

  @Override
  @SuppressWarnings({"rawtypes", "unchecked"})
  public Optional<ContractRevertException> decode(String revertData) {
    if (!revertData.startsWith(SELECTOR)) {
      return Optional.empty();
    }
    List<Type> args = FunctionReturnDecoder.decode("0x" + revertData.substring(10), (List) List.of(
        new TypeReference<Address>() {}, new TypeReference<Uint256>() {}, new TypeReference<Uint256>() {}));
    return Optional.of(new ContractRevertException(INSUFFICIENT_BALANCE, List.of("sender", "balance", "needed"),
        args.stream().map(t -> (Object) t.getValue()).toList(), revertData));
  }
}
