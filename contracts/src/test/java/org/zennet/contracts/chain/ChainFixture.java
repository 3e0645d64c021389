package org.zennet.contracts.chain;

import java.io.IOException;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.http.HttpService;
import org.zennet.contracts.Xen;
import org.zennet.contracts.devchain.DevChain;
import org.zennet.contracts.generated.XenCoin;

/** A dev chain with XenCoin deployed, anvil's test RPCs, and waiting for conditions with a deadline. */
final class ChainFixture {
  static final Duration TIMEOUT = Duration.ofSeconds(30);

  final DevChain dev;
  final ChainConnection chain;
  final Credentials treasury;
  final String xen;
  final long deploymentBlock;

  /** A JSON-RPC response whose result stays plain JSON. */
  static final class RawResponse extends Response<Object> {}

  ChainFixture(DevChain dev, ChainConnection chain) throws IOException {
    this.dev = dev;
    this.chain = chain;
    this.treasury = dev.devKeys().get(0);
    // Deployed with a TransactionSender (not the Deployer, whose signature is changing): no recipient.
    String constructor = FunctionEncoder.encodeConstructor(List.of(
        new DynamicArray<>(Address.class, new Address(treasury.getAddress())),
        new DynamicArray<>(Uint256.class, new Uint256(Xen.of(1_000_000)))));
    try (TransactionSender deployer = TransactionSender.create(chain, treasury, RevertDecoderNone.INSTANCE)) {
      TransactionReceipt receipt = deployer.send(null, XenCoin.BINARY + constructor)
          .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      this.xen = receipt.getContractAddress();
      this.deploymentBlock = receipt.getBlockNumber().longValueExact();
    } catch (Exception e) {
      throw new IOException("deploying XenCoin failed: " + e.getMessage(), e);
    }
  }

  /** A decoder that knows no error. */
  enum RevertDecoderNone implements RevertDecoder {
    INSTANCE;

    @Override
    public java.util.Optional<ContractRevertException> decode(String revertData) {
      return java.util.Optional.empty();
    }
  }

  /** The calldata of {@code XenCoin.transfer(to, amount)}. */
  String transfer(String to, BigInteger amount) {
    return XenCoin.load(xen, chain.web3j(), chain.transactionManager(treasury), chain.gasProvider())
        .transfer(to, amount).encodeFunctionCall();
  }

  BigInteger balanceOf(String who) throws Exception {
    return XenCoin.load(xen, chain.web3j(), chain.transactionManager(treasury), chain.gasProvider())
        .balanceOf(who).send();
  }

  /** Calls one of anvil's test methods ({@code evm_setAutomine}, {@code anvil_mine} ...). */
  Object rpc(String method, Object... params) throws IOException {
    HttpService service = new HttpService(dev.httpUrl().toString());
    try {
      RawResponse response = new Request<>(method, List.of(params), service, RawResponse.class).send();
      if (response.hasError()) {
        throw new IOException(method + " failed: " + response.getError().getMessage());
      }
      return response.getResult();
    } finally {
      service.close();
    }
  }

  /** Waits until {@code condition} holds, failing after {@link #TIMEOUT}. */
  static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting until " + what);
      }
      Thread.sleep(20);
    }
  }
}
