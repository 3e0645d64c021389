package org.zennet.contracts.deploy;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;
import org.web3j.protocol.core.RemoteCall;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.tx.Contract;
import org.zennet.contracts.Xen;
import org.zennet.contracts.chain.ChainConnection;
import org.zennet.contracts.generated.JobMarket;
import org.zennet.contracts.generated.PaymentChannels;
import org.zennet.contracts.generated.XenCoin;

/** Deploys Zennet's contracts to a chain and describes the result as a {@link Deployment}. */
public final class Deployer {
  private static final Logger LOG = LoggerFactory.getLogger(Deployer.class);
  public static final String JOB_MARKET = "JobMarket";
  public static final String PAYMENT_CHANNELS = "PaymentChannels";
  /** The challenge period of the dev chain: long enough to watch a close, short enough to travel past. */
  public static final Duration DEV_CHALLENGE_PERIOD = Duration.ofHours(1);

  private final ChainConnection chain;
  private final Credentials deployer;

  public Deployer(ChainConnection chain, Credentials deployer) {
    this.chain = chain;
    this.deployer = deployer;
  }

  /**
   * Deploys XenCoin (minting its whole supply as {@code genesis} says), JobMarket and PaymentChannels
   * with the given challenge period.
   *
   * @param rpcUrl the chain's HTTP endpoint, recorded in the descriptor
   * @param wsUrl the chain's WebSocket endpoint, or null
   */
  public Deployment deploy(GenesisDistribution genesis, Duration challengePeriod, URI rpcUrl, URI wsUrl) throws IOException {
    if (challengePeriod.isNegative() || challengePeriod.toSeconds() == 0) {
      throw new IllegalArgumentException("the challenge period must be at least one second, got " + challengePeriod);
    }
    var tx = chain.transactionManager(deployer);
    Map<String, String> contracts = new LinkedHashMap<>();
    XenCoin xen = deployed(Deployment.XEN_COIN,
        XenCoin.deploy(chain.web3j(), tx, chain.gasProvider(), genesis.holders(), genesis.amounts()), contracts);
    LOG.info("XenCoin supply {} XEN minted to {} genesis holders", Xen.format(genesis.totalSupply()), genesis.allocations().size());
    deployed(JOB_MARKET, JobMarket.deploy(chain.web3j(), tx, chain.gasProvider()), contracts);
    deployed(PAYMENT_CHANNELS, PaymentChannels.deploy(chain.web3j(), tx, chain.gasProvider(),
        xen.getContractAddress(), BigInteger.valueOf(challengePeriod.toSeconds())), contracts);
    BigInteger firstBlock = xen.getTransactionReceipt().map(TransactionReceipt::getBlockNumber).orElseThrow();
    return new Deployment(chain.chainId(), rpcUrl, wsUrl, firstBlock.longValueExact(), contracts);
  }

  private static <C extends Contract> C deployed(String name, RemoteCall<C> deployment, Map<String, String> into)
      throws IOException {
    C contract;
    try {
      contract = deployment.send();
    } catch (IOException e) {
      throw e;
    } catch (Exception e) {
      throw new IOException("deploying " + name + " failed: " + e.getMessage(), e);
    }
    TransactionReceipt receipt = contract.getTransactionReceipt()
        .orElseThrow(() -> new IOException(name + " was deployed but its receipt is missing"));
    into.put(name, contract.getContractAddress());
    LOG.info("{} deployed at {} (block {}, gas {})", name, Keys.toChecksumAddress(contract.getContractAddress()),
        receipt.getBlockNumber(), receipt.getGasUsed());
    return contract;
  }
}
