package org.zennet.contracts.chain;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.protocol.core.Response;

class RevertInterpreterTest {
  private final RevertInterpreter interpreter = new RevertInterpreter(new TestRevertDecoder());

  private static String encoded(String name, org.web3j.abi.datatypes.Type<?>... args) {
    return FunctionEncoder.encode(new Function(name, List.of(args), List.<TypeReference<?>>of()));
  }

  @Test
  void theProjectDecoderComesFirst() {
    String data = encoded("ERC20InsufficientBalance", new Address("0x" + "ab".repeat(20)), new Uint256(1), new Uint256(2));
    ContractRevertException e = interpreter.toException(data, "a call");
    assertThat(e.errorName()).isEqualTo("ERC20InsufficientBalance");
    assertThat(e.arguments()).containsExactly("0x" + "ab".repeat(20), BigInteger.ONE, BigInteger.TWO);
  }

  @Test
  void decodesSolidityErrorStringsAndPanics() {
    ContractRevertException error = interpreter.toException(encoded("Error", new Utf8String("no way")), "a call");
    assertThat(error.errorName()).isEqualTo("Error");
    assertThat(error.arguments()).containsExactly("no way");
    ContractRevertException panic = interpreter.toException(encoded("Panic", new Uint256(0x11)), "a call");
    assertThat(panic.errorName()).isEqualTo("Panic");
    assertThat(panic.arguments()).containsExactly(BigInteger.valueOf(0x11));
  }

  @Test
  void anUnknownErrorKeepsItsHexInTheMessage() {
    String data = encoded("SomethingElse", new Uint256(7));
    ContractRevertException e = interpreter.toException(data, "eth_estimateGas of a call to 0x1");
    assertThat(e).isInstanceOf(UnknownRevertException.class);
    assertThat(e.revertData()).isEqualTo(data);
    assertThat(e.getMessage()).contains(data).contains("eth_estimateGas of a call to 0x1");
  }

  @Test
  void findsRevertDataInJsonRpcErrors() {
    Response.Error anvil = new Response.Error(3, "execution reverted: custom error 0xe450d38c");
    anvil.setData("\"0xe450d38c00\"");
    assertThat(RevertInterpreter.revertData(anvil)).contains("0xe450d38c00");
    assertThat(RevertInterpreter.revertData(new Response.Error(-32000, "Execution reverted"))).contains("0x");
    assertThat(RevertInterpreter.revertData(new Response.Error(-32000, "insufficient funds for gas"))).isEmpty();
  }
}
