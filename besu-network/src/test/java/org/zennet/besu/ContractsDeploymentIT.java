package org.zennet.besu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.zennet.contracts.Xen;
import org.zennet.contracts.chain.ChainConnection;
import org.zennet.contracts.deploy.Deployment;
import org.zennet.contracts.deploy.GenesisDistribution;
import org.zennet.contracts.devchain.DevChain;
import org.zennet.contracts.devchain.DevChainConfig;
import org.zennet.contracts.generated.XenCoin;

/** Deploying to a free-gas chain from an account without any gas coin, once and only once. */
class ContractsDeploymentIT {
  private static DevChain chain;
  @TempDir Path dir;

  @BeforeAll
  static void startFreeGasChain() throws Exception {
    chain = DevChain.start(DevChainConfig.DEFAULT.withZeroGasPrice());
  }

  @AfterAll
  static void stopChain() {
    chain.close();
  }

  private static Credentials fresh() throws Exception {
    return Credentials.create(Keys.createEcKeyPair(new SecureRandom()));
  }

  private static BigInteger sent(ChainConnection connection, Credentials account) throws Exception {
    return connection.web3j().ethGetTransactionCount(account.getAddress(), DefaultBlockParameterName.LATEST).send().getTransactionCount();
  }

  @Test
  void deploysWithZeroGasPriceOnceThenFindsTheDeploymentAndSendsNothing() throws Exception {
    Credentials deployer = fresh();
    Credentials publisher = fresh();
    Credentials provider = fresh();
    Path descriptor = dir.resolve("deployment.json");
    GenesisDistribution genesis = new GenesisDistribution(List.of(
        new GenesisDistribution.Allocation(deployer.getAddress(), Xen.of(1_000_000)),
        new GenesisDistribution.Allocation(publisher.getAddress(), Xen.of(1_000))));
    try (ChainConnection connection = ChainConnection.connect(chain.httpUrl(), chain.chainId())) {
      assertThat(connection.gasProvider().getGasPrice()).as("the node quotes a zero gas price").isZero();
      assertThat(connection.web3j().ethGetBalance(deployer.getAddress(), DefaultBlockParameterName.LATEST).send().getBalance()).isZero();

      var first = ContractsDeployment.ensureDeployed(connection, deployer, genesis, Duration.ofHours(1), chain.httpUrl(), chain.wsUrl(), descriptor);
      assertThat(first.outcome()).isEqualTo(ContractsDeployment.Outcome.DEPLOYED);
      assertThat(Deployment.read(descriptor)).isEqualTo(first.deployment());
      assertThat(sent(connection, deployer)).isEqualTo(BigInteger.valueOf(3));
      XenCoin xen = XenCoin.load(first.deployment().requireAddress(Deployment.XEN_COIN), connection.web3j(),
          connection.transactionManager(deployer), connection.gasProvider());
      assertThat(xen.totalSupply().send()).isEqualTo(Xen.of(1_001_000));

      var second = ContractsDeployment.ensureDeployed(connection, deployer, genesis, Duration.ofHours(1), chain.httpUrl(), chain.wsUrl(), descriptor);
      assertThat(second.outcome()).isEqualTo(ContractsDeployment.Outcome.ALREADY_DEPLOYED);
      assertThat(second.deployment()).isEqualTo(first.deployment());
      assertThat(sent(connection, deployer)).as("nothing sent").isEqualTo(BigInteger.valueOf(3));

      Files.delete(descriptor);
      var recovered = ContractsDeployment.ensureDeployed(connection, deployer, genesis, Duration.ofHours(1), chain.httpUrl(), chain.wsUrl(), descriptor);
      assertThat(recovered.outcome()).isEqualTo(ContractsDeployment.Outcome.RECOVERED);
      assertThat(recovered.deployment().contracts()).isEqualTo(first.deployment().contracts());
      assertThat(sent(connection, deployer)).as("nothing sent").isEqualTo(BigInteger.valueOf(3));
      assertThat(descriptor).exists();

      ChannelRoundTrip.run(connection, first.deployment(), publisher, provider);
      assertThat(connection.web3j().ethGetBalance(provider.getAddress(), DefaultBlockParameterName.LATEST).send().getBalance())
          .as("the provider paid no gas coin, having none").isZero();
    }
  }

  @Test
  void refusesADescriptorOfAnotherChainOrOfContractsThatAreNotThere() throws Exception {
    Credentials deployer = fresh();
    GenesisDistribution genesis = new GenesisDistribution(List.of(new GenesisDistribution.Allocation(deployer.getAddress(), Xen.of(1))));
    try (ChainConnection connection = ChainConnection.connect(chain.httpUrl(), chain.chainId())) {
      String nowhere = Keys.toChecksumAddress("0x00000000000000000000000000000000000000aa");
      Path other = dir.resolve("other.json");
      new Deployment(chain.chainId() + 1, chain.httpUrl(), null, 0,
          java.util.Map.of("XenCoin", nowhere, "JobMarket", nowhere, "PaymentChannels", nowhere)).write(other);
      assertThatThrownBy(() -> ContractsDeployment.ensureDeployed(connection, deployer, genesis, Duration.ofHours(1), chain.httpUrl(), null, other))
          .hasMessageContaining("is chain " + chain.chainId());

      Path stale = dir.resolve("stale.json");
      new Deployment(chain.chainId(), chain.httpUrl(), null, 0,
          java.util.Map.of("XenCoin", nowhere, "JobMarket", nowhere, "PaymentChannels", nowhere)).write(stale);
      assertThatThrownBy(() -> ContractsDeployment.ensureDeployed(connection, deployer, genesis, Duration.ofHours(1), chain.httpUrl(), null, stale))
          .hasMessageContaining("has no code there");
      assertThat(sent(connection, deployer)).isZero();
    }
  }
}
