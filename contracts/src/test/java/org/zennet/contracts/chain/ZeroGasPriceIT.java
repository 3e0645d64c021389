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
}
