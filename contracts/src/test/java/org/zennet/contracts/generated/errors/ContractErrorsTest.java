package org.zennet.contracts.generated.errors;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Uint256;
import org.zennet.contracts.chain.ContractRevertException;
import org.zennet.contracts.testkit.Reverts;

class ContractErrorsTest {
  private static final String ALICE = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";

  @Test
  void decodesACustomErrorIntoItsTypedException() {
    String data = Reverts.encoded("ERC20InsufficientBalance", new Address(ALICE), new Uint256(5), new Uint256(7));
    ContractRevertException e = ContractErrors.ALL.decode(data).orElseThrow();
    assertThat(e).isInstanceOf(ERC20InsufficientBalanceException.class);
    ERC20InsufficientBalanceException typed = (ERC20InsufficientBalanceException) e;
    assertThat(typed.sender()).isEqualTo(ALICE);
    assertThat(typed.balance()).isEqualTo(BigInteger.valueOf(5));
    assertThat(typed.needed()).isEqualTo(BigInteger.valueOf(7));
    assertThat(e.getMessage()).isEqualTo("ERC20InsufficientBalance(sender=" + ALICE + ", balance=5, needed=7)");
    assertThat(e.revertData()).isEqualTo(data);
  }

  @Test
  void decodesErrorsWithoutArgumentsAndSolidityBuiltins() {
    assertThat(ContractErrors.ALL.decode(Reverts.selector("XenCoinEmptyDistribution()")).orElseThrow())
        .isInstanceOf(XenCoinEmptyDistributionException.class);
    ContractRevertException reason = ContractErrors.ALL.decode(Reverts.encoded("Error", new Utf8String("nope"))).orElseThrow();
    assertThat(reason.errorName()).isEqualTo("Error");
    assertThat(reason.arguments()).containsExactly("nope");
    ContractRevertException panic = ContractErrors.ALL.decode(Reverts.encoded("Panic", new Uint256(0x11))).orElseThrow();
    assertThat(panic.getMessage()).isEqualTo("Panic(code=17)");
  }

  @Test
  void knowsTheErrorsOfEveryContract() {
    assertThat(ContractErrors.ALL.signatures()).contains("XenCoinZeroAllocation(address)",
        "ERC2612InvalidSigner(address,address)", "Error(string)", "Panic(uint256)");
  }

  @Test
  void refusesUnknownOrMalformedRevertData() {
    String good = Reverts.encoded("XenCoinZeroAllocation", new Address(ALICE));
    assertThat(ContractErrors.ALL.decode(null)).isEmpty();
    assertThat(ContractErrors.ALL.decode("")).isEmpty();
    assertThat(ContractErrors.ALL.decode("0x")).isEmpty();
    assertThat(ContractErrors.ALL.decode("0xdeadbeef")).as("unknown selector").isEmpty();
    assertThat(ContractErrors.ALL.decode(good.substring(0, 20))).as("truncated arguments").isEmpty();
    assertThat(ContractErrors.ALL.decode(good + "0")).as("odd length").isEmpty();
    assertThat(ContractErrors.ALL.decode(good.replace('a', 'g'))).as("not hex").isEmpty();
    Random random = new Random(42);
    for (int i = 0; i < 2000; i++) {
      byte[] noise = new byte[random.nextInt(100)];
      random.nextBytes(noise);
      String hex = Reverts.selector("ERC20InsufficientBalance(address,uint256,uint256)")
          + org.web3j.utils.Numeric.toHexStringNoPrefix(noise);
      // whatever the bytes: no exception escapes, and what decodes is the error the selector names
      ContractErrors.ALL.decode(hex).ifPresent(e -> assertThat(e).isInstanceOf(ERC20InsufficientBalanceException.class));
    }
  }
}
