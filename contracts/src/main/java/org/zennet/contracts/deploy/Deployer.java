package org.zennet.contracts.deploy;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.zennet.contracts.Xen;
import org.zennet.contracts.chain.ChainConnection;
import org.zennet.contracts.generated.XenCoin;

/** Deploys Zennet's contracts to a chain and describes the result as a {@link Deployment}. */
public final class Deployer {
  private static final Logger LOG = LoggerFactory.getLogger(Deployer.class);

  private final ChainConnection chain;
  private final Credentials deployer;

  public Deployer(ChainConnection chain, Credentials deployer) {
    this.chain = chain;
    this.deployer = deployer;
  }

  /**
   * Deploys XenCoin, minting its whole supply as {@code genesis} says.
   *
   * @param rpcUrl the chain's HTTP endpoint, recorded in the descriptor
   * @param wsUrl the chain's WebSocket endpoint, or null
   */
  public Deployment deploy(GenesisDistribution genesis, URI rpcUrl, URI wsUrl) throws IOException {
    Map<String, String> contracts = new LinkedHashMap<>();
    XenCoin xen;
    try {
      xen = XenCoin.deploy(chain.web3j(), chain.transactionManager(deployer), chain.gasProvider(),
          genesis.holders(), genesis.amounts()).send();
    } catch (IOException e) {
      throw e;
    } catch (Exception e) {
      throw new IOException("deploying XenCoin failed: " + e.getMessage(), e);
    }
    TransactionReceipt receipt = xen.getTransactionReceipt()
        .orElseThrow(() -> new IOException("XenCoin was deployed but its receipt is missing"));
    contracts.put(Deployment.XEN_COIN, xen.getContractAddress());
    LOG.info("XenCoin deployed at {} (block {}, gas {}), supply {} XEN to {} holders",
        org.web3j.crypto.Keys.toChecksumAddress(xen.getContractAddress()), receipt.getBlockNumber(), receipt.getGasUsed(),
        Xen.format(genesis.totalSupply()), genesis.allocations().size());
    BigInteger block = receipt.getBlockNumber();
    return new Deployment(chain.chainId(), rpcUrl, wsUrl, block.longValueExact(), contracts);
  }
}
