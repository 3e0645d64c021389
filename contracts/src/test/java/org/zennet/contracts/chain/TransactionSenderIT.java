package org.zennet.contracts.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.zennet.contracts.Xen;
import org.zennet.contracts.devchain.DevChain;
import org.zennet.contracts.generated.XenCoin;
import org.zennet.contracts.testkit.AnvilExtension;

@ExtendWith(AnvilExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TransactionSenderIT {
  private ChainFixture fixture;
  private ChainConnection chain;
  private Credentials treasury;
  private String bob;

  @BeforeAll
  void deploy(DevChain dev) throws Exception {
    chain = ChainConnection.connect(dev.httpUrl(), dev.wsUrl(), dev.chainId());
    fixture = new ChainFixture(dev, chain);
    treasury = fixture.treasury;
    bob = dev.devKeys().get(2).getAddress();
  }

  @AfterAll
  void disconnect() {
    chain.close();
  }

  private TransactionSender sender(TransactionSenderConfig config) {
    return TransactionSender.create(chain, treasury, new TestRevertDecoder(), config);
  }

  private static <T> T await(CompletableFuture<T> future) throws Exception {
    return future.get(ChainFixture.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
  }

  private BigInteger nonceOf(TransactionReceipt receipt) throws Exception {
    return chain.web3j().ethGetTransactionByHash(receipt.getTransactionHash()).send().getTransaction()
        .orElseThrow().getNonce();
  }

  @Test
  void pipelinesFiftyTransfersWithConsecutiveNonces() throws Exception {
    BigInteger firstNonce = chain.web3j().ethGetTransactionCount(treasury.getAddress(),
        DefaultBlockParameterName.PENDING).send().getTransactionCount();
    try (TransactionSender sender = sender(TransactionSenderConfig.DEFAULT)) {
      List<CompletableFuture<TransactionReceipt>> sent = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        sent.add(sender.send(fixture.xen, fixture.transfer(bob, Xen.of(1))));
      }
      await(CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)));

      List<BigInteger> nonces = new ArrayList<>();
      for (CompletableFuture<TransactionReceipt> receipt : sent) {
        assertThat(receipt.get().isStatusOK()).isTrue();
        nonces.add(nonceOf(receipt.get()));
      }
      assertThat(nonces).doesNotHaveDuplicates().allSatisfy(n -> assertThat(n)
          .isBetween(firstNonce, firstNonce.add(BigInteger.valueOf(49))));
      assertThat(fixture.balanceOf(bob)).isEqualTo(Xen.of(50));
      // anvil has a base fee: EIP-1559 transactions
      assertThat(chain.web3j().ethGetTransactionByHash(sent.get(0).get().getTransactionHash()).send()
          .getTransaction().orElseThrow().getType()).isEqualTo("0x2");
    }
  }

  @Test
  void resyncsTheNonceWhenAnotherProcessUsedIt() throws Exception {
    try (TransactionSender first = sender(TransactionSenderConfig.DEFAULT);
        TransactionSender behindItsBack = sender(TransactionSenderConfig.DEFAULT)) {
      TransactionReceipt one = await(first.send(fixture.xen, fixture.transfer(bob, Xen.of(1))));
      await(behindItsBack.send(fixture.xen, fixture.transfer(bob, Xen.of(1))));
      await(behindItsBack.send(fixture.xen, fixture.transfer(bob, Xen.of(1))));

      TransactionReceipt recovered = await(first.send(fixture.xen, fixture.transfer(bob, Xen.of(1))));

      assertThat(recovered.isStatusOK()).isTrue();
      assertThat(nonceOf(recovered)).isEqualTo(nonceOf(one).add(BigInteger.valueOf(3)));
      assertThat(fixture.balanceOf(bob)).isEqualTo(Xen.of(4));
    }
  }

  @Test
  void sendsADroppedTransactionAgain() throws Exception {
    try (TransactionSender sender = sender(TransactionSenderConfig.DEFAULT.withDroppedAfterBlocks(2))) {
      BigInteger pendingBefore = pendingCount();
      fixture.rpc("evm_setAutomine", false);
      CompletableFuture<TransactionReceipt> receipt;
      try {
        receipt = sender.send(fixture.xen, fixture.transfer(bob, Xen.of(3)));
        ChainFixture.await(() -> pendingCount().compareTo(pendingBefore) > 0, "the transaction is in the pool");
        fixture.rpc("anvil_dropAllTransactions");
        assertThat(pendingCount()).isEqualTo(pendingBefore);
      } finally {
        fixture.rpc("evm_setAutomine", true);
      }
      fixture.rpc("anvil_mine", "0x3"); // empty blocks: the watcher finds it neither mined nor pooled

      TransactionReceipt mined = await(receipt);
      assertThat(mined.isStatusOK()).isTrue();
      assertThat(nonceOf(mined)).isEqualTo(pendingBefore);
      assertThat(fixture.balanceOf(bob)).isEqualTo(Xen.of(3));
    }
  }

  private BigInteger pendingCount() {
    try {
      return chain.web3j().ethGetTransactionCount(treasury.getAddress(), DefaultBlockParameterName.PENDING).send()
          .getTransactionCount();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void failsWithTheDecodedErrorWhenEstimationReverts() throws Exception {
    try (TransactionSender sender = TransactionSender.create(chain, fixture.dev.devKeys().get(3),
        new TestRevertDecoder())) {
      CompletableFuture<TransactionReceipt> receipt = sender.send(fixture.xen, fixture.transfer(bob, Xen.of(5)));

      assertThatThrownBy(() -> await(receipt)).isInstanceOf(ExecutionException.class)
          .cause().isInstanceOfSatisfying(ContractRevertException.class, e -> {
            assertThat(e.errorName()).isEqualTo(TestRevertDecoder.INSUFFICIENT_BALANCE);
            assertThat(e.arguments()).containsExactly(sender.address(), BigInteger.ZERO, Xen.of(5));
          });
    }
  }

  @Test
  void failsWithTheDecodedErrorWhenAMinedTransactionReverts() throws Exception {
    Credentials poor = fixture.dev.devKeys().get(3);
    try (TransactionSender sender = TransactionSender.create(chain, poor, new TestRevertDecoder())) {
      TransactionRequest unestimated = TransactionRequest.call(fixture.xen, fixture.transfer(bob, Xen.of(5)))
          .withGasLimit(BigInteger.valueOf(100_000));
      BigInteger nonceBefore = chain.web3j().ethGetTransactionCount(poor.getAddress(),
          DefaultBlockParameterName.LATEST).send().getTransactionCount();

      assertThatThrownBy(() -> await(sender.send(unestimated))).cause()
          .isInstanceOfSatisfying(ContractRevertException.class, e -> {
            assertThat(e.errorName()).isEqualTo(TestRevertDecoder.INSUFFICIENT_BALANCE);
            assertThat(e.arguments()).containsExactly(poor.getAddress(), BigInteger.ZERO, Xen.of(5));
          });
      assertThat(chain.web3j().ethGetTransactionCount(poor.getAddress(), DefaultBlockParameterName.LATEST).send()
          .getTransactionCount()).as("the reverted transaction was mined").isEqualTo(nonceBefore.add(BigInteger.ONE));
    }
  }

  @Test
  void anErrorTheDecoderDoesNotKnowKeepsItsRevertData() throws Exception {
    try (TransactionSender sender = TransactionSender.create(chain, fixture.dev.devKeys().get(3),
        TestRevertDecoder.NONE)) {
      assertThatThrownBy(() -> await(sender.send(fixture.xen, fixture.transfer(bob, Xen.of(5))))).cause()
          .isInstanceOfSatisfying(UnknownRevertException.class, e -> {
            assertThat(e.revertData()).startsWith(TestRevertDecoder.SELECTOR);
            assertThat(e.getMessage()).contains(e.revertData());
          });
      assertThatThrownBy(() -> await(sender.call(fixture.xen, fixture.transfer(bob, Xen.of(5))))).cause()
          .isInstanceOf(UnknownRevertException.class);
    }
  }

  @Test
  void deploysAContractWhenThereIsNoRecipient() throws Exception {
    String constructor = FunctionEncoder.encodeConstructor(List.of(
        new DynamicArray<>(Address.class, new Address(bob)), new DynamicArray<>(Uint256.class, new Uint256(Xen.of(7)))));
    try (TransactionSender sender = sender(TransactionSenderConfig.DEFAULT)) {
      TransactionReceipt receipt = await(sender.send(null, XenCoin.BINARY + constructor));

      String token = receipt.getContractAddress();
      assertThat(token).isNotNull();
      String balance = await(sender.call(token, XenCoin.load(token, chain.web3j(), treasury, chain.gasProvider())
          .balanceOf(bob).encodeFunctionCall()));
      assertThat(new BigInteger(balance.substring(2), 16)).isEqualTo(Xen.of(7));
    }
  }
}
