package org.zennet.besu;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.crypto.ContractUtils;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.tx.ReadonlyTransactionManager;
import org.zennet.contracts.chain.ChainConnection;
import org.zennet.contracts.deploy.Deployer;
import org.zennet.contracts.deploy.Deployment;
import org.zennet.contracts.deploy.GenesisDistribution;
import org.zennet.contracts.generated.PaymentChannels;
import org.zennet.contracts.generated.XenCoin;

/**
 * Deploys Zennet's contracts to any chain once: what {@code zennet chain deploy} runs. A second run finds the
 * first one's deployment and sends nothing. XenCoin's supply is fixed at deployment, so deploying it twice
 * would mint a second supply: every path that cannot prove there is no deployment yet stops with an error
 * rather than deploy.
 *
 * <p>How an existing deployment is found: by the descriptor, when it exists (same chain id, code at every
 * address); else by the deployer's first addresses ({@code Deployer} sends XenCoin, JobMarket and
 * PaymentChannels as its first three transactions from a fresh account), so a lost descriptor is rebuilt.
 */
public final class ContractsDeployment {
  private static final Logger LOG = LoggerFactory.getLogger(ContractsDeployment.class);
  /** The contracts of a complete deployment, in the order {@link Deployer} sends them. */
  public static final List<String> CONTRACTS = List.of(Deployment.XEN_COIN, Deployer.JOB_MARKET, Deployer.PAYMENT_CHANNELS);

  /** What {@link #ensureDeployed} did. */
  public enum Outcome {
    /** The contracts were deployed now. */
    DEPLOYED,
    /** The descriptor's contracts are on the chain; nothing was sent. */
    ALREADY_DEPLOYED,
    /** No descriptor, but the deployer's first contracts are Zennet's; the descriptor was rebuilt, nothing sent. */
    RECOVERED
  }

  /** The deployment and how it was reached. */
  public record Result(Deployment deployment, Outcome outcome) {}

  private ContractsDeployment() {}

  /**
   * Makes sure Zennet's contracts are on the chain and described in {@code descriptor}.
   *
   * @param genesis XenCoin's fixed distribution (used only if XenCoin is deployed now)
   * @throws IOException if the descriptor names another chain or contracts that are not there, or the deployer
   *     account holds a partial deployment, or the chain fails
   */
  public static Result ensureDeployed(ChainConnection chain, Credentials deployer, GenesisDistribution genesis,
      Duration challengePeriod, URI rpcUrl, URI wsUrl, Path descriptor) throws IOException {
    if (Files.exists(descriptor)) {
      Deployment existing = Deployment.read(descriptor);
      if (existing.chainId() != chain.chainId()) {
        throw new IOException(descriptor + " describes a deployment on chain " + existing.chainId() + ", but " + rpcUrl
            + " is chain " + chain.chainId() + "; pass another --deployment file");
      }
      for (String name : CONTRACTS) {
        String address = existing.address(name).orElseThrow(() -> new IOException(descriptor + " has no " + name
            + " address; it is not a complete Zennet deployment. Move it away to deploy afresh"));
        if (!hasCode(chain, address)) {
          throw new IOException(descriptor + " puts " + name + " at " + address + ", but chain " + chain.chainId()
              + " has no code there (was the chain reset?). Move the descriptor away to deploy afresh");
        }
      }
      LOG.info("Zennet's contracts are already deployed on chain {} ({}); nothing to do", chain.chainId(), descriptor);
      return new Result(existing, Outcome.ALREADY_DEPLOYED);
    }

    BigInteger sent = chain.web3j().ethGetTransactionCount(deployer.getAddress(), DefaultBlockParameterName.LATEST)
        .send().getTransactionCount();
    if (sent.signum() > 0) {
      Map<String, String> found = new LinkedHashMap<>();
      for (int nonce = 0; nonce < CONTRACTS.size() && nonce < sent.intValueExact(); nonce++) {
        String address = ContractUtils.generateContractAddress(deployer.getAddress(), BigInteger.valueOf(nonce));
        if (!hasCode(chain, address)) {
          break;
        }
        found.put(CONTRACTS.get(nonce), Keys.toChecksumAddress(address));
      }
      if (!found.isEmpty() && isZennetDeployment(chain, deployer, found)) {
        if (found.size() < CONTRACTS.size()) {
          throw new IOException("the deployer " + deployer.getAddress() + " holds a partial Zennet deployment ("
              + found + "); deploying again would mint a second XenCoin supply. Finish or abandon it by hand");
        }
        // the block is unknown without the transactions; 0 is a safe start for event scans
        Deployment recovered = new Deployment(chain.chainId(), rpcUrl, wsUrl, 0, found);
        recovered.write(descriptor);
        LOG.info("found Zennet's contracts deployed earlier by {} on chain {}; wrote {}", deployer.getAddress(),
            chain.chainId(), descriptor);
        return new Result(recovered, Outcome.RECOVERED);
      }
    }
    Deployment deployed = new Deployer(chain, deployer).deploy(genesis, challengePeriod, rpcUrl, wsUrl);
    deployed.write(descriptor);
    return new Result(deployed, Outcome.DEPLOYED);
  }

  private static boolean hasCode(ChainConnection chain, String address) throws IOException {
    String code = chain.web3j().ethGetCode(address, DefaultBlockParameterName.LATEST).send().getCode();
    return code != null && code.length() > 2;
  }

  /** Whether the contracts found look like ours: a XenCoin first and, when present, channels on that token. */
  private static boolean isZennetDeployment(ChainConnection chain, Credentials deployer, Map<String, String> found) {
    var readonly = new ReadonlyTransactionManager(chain.web3j(), deployer.getAddress());
    try {
      String xen = found.get(Deployment.XEN_COIN);
      if (!"XEN".equals(XenCoin.load(xen, chain.web3j(), readonly, chain.gasProvider()).symbol().send())) {
        return false;
      }
      String channels = found.get(Deployer.PAYMENT_CHANNELS);
      return channels == null || PaymentChannels.load(channels, chain.web3j(), readonly, chain.gasProvider())
          .token().send().equalsIgnoreCase(xen);
    } catch (Exception e) {
      LOG.debug("the deployer's first contract is not XenCoin: {}", e.toString());
      return false;
    }
  }
}
