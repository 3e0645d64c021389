package org.zennet.contracts.chain;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.response.Transaction;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.zennet.contracts.Xen;
import org.zennet.contracts.devchain.DevChain;
import org.zennet.contracts.devchain.DevChainConfig;

/** A free-gas chain (Besu with {@code min-gas-price=0} and {@code zeroBaseFee}), played by anvil at gas price 0. */
class ZeroGasPriceIT {

  @Test
  void sendsLegacyTransactionsAtGasPriceZeroAndPaysNothing() throws Exception {
    try (DevChain dev = DevChain.start(DevChainConfig.DEFAULT.withZeroGasPrice());
        ChainConnection chain = ChainConnection.connect(dev.httpUrl(), dev.chainId())) {
      assertThat(chain.web3j().ethGasPrice().send().getGasPrice()).isZero();
      ChainFixture fixture = new ChainFixture(dev, chain);
      Credentials treasury = fixture.treasury;
      BigInteger ethBefore = chain.web3j().ethGetBalance(treasury.getAddress(), DefaultBlockParameterName.LATEST)
          .send().getBalance();

      try (TransactionSender sender = TransactionSender.create(chain, treasury, TestRevertDecoder.NONE)) {
        String bob = dev.devKeys().get(2).getAddress();
        TransactionReceipt receipt = sender.send(fixture.xen, fixture.transfer(bob, Xen.of(2)))
            .get(ChainFixture.TIMEOUT.toSeconds(), TimeUnit.SECONDS);

        Transaction sent = chain.web3j().ethGetTransactionByHash(receipt.getTransactionHash()).send()
            .getTransaction().orElseThrow();
        assertThat(sent.getType()).isEqualTo("0x0");
        assertThat(sent.getGasPrice()).isZero();
        assertThat(sent.getChainId()).isEqualTo(dev.chainId());
        assertThat(fixture.balanceOf(bob)).isEqualTo(Xen.of(2));
        assertThat(chain.web3j().ethGetBalance(treasury.getAddress(), DefaultBlockParameterName.LATEST).send()
            .getBalance()).isEqualTo(ethBefore);
      }
    }
  }

  /**
   * At gas price 0 every fee is the same, so two senders of one account that sign the same call with the
   * same nonce produce byte-identical transactions. The second must not mistake the first's transaction
   * for its own: both transfers happen.
   */
  @Test
  void aSecondIdenticalCallFromAnotherSenderIsStillSentWithItsOwnNonce() throws Exception {
    try (DevChain dev = DevChain.start(DevChainConfig.DEFAULT.withZeroGasPrice());
        ChainConnection chain = ChainConnection.connect(dev.httpUrl(), dev.chainId())) {
      ChainFixture fixture = new ChainFixture(dev, chain);
      String bob = dev.devKeys().get(2).getAddress();
      try (TransactionSender first = TransactionSender.create(chain, fixture.treasury, TestRevertDecoder.NONE);
          TransactionSender other = TransactionSender.create(chain, fixture.treasury, TestRevertDecoder.NONE)) {
        TransactionReceipt one = first.send(fixture.xen, fixture.transfer(bob, Xen.of(1)))
            .get(ChainFixture.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        // the other sender syncs its nonce now, so it signs the next nonce: what `first` will sign too
        TransactionReceipt theirs = other.send(fixture.xen, fixture.transfer(bob, Xen.of(1)))
            .get(ChainFixture.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        TransactionReceipt ours = first.send(fixture.xen, fixture.transfer(bob, Xen.of(1)))
            .get(ChainFixture.TIMEOUT.toSeconds(), TimeUnit.SECONDS);

        assertThat(ours.getTransactionHash()).isNotEqualTo(theirs.getTransactionHash());
        assertThat(nonce(chain, ours)).isEqualTo(nonce(chain, one).add(BigInteger.TWO));
        assertThat(fixture.balanceOf(bob)).isEqualTo(Xen.of(3));
      }
    }
  }

  private static BigInteger nonce(ChainConnection chain, TransactionReceipt receipt) throws Exception {
    return chain.web3j().ethGetTransactionByHash(receipt.getTransactionHash()).send().getTransaction().orElseThrow()
        .getNonce();
  }
}
