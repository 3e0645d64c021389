package org.zennet.besu;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.ComposeContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.zennet.besu.qbft.ComposeFile;
import org.zennet.besu.qbft.QbftNetwork;
import org.zennet.besu.qbft.QbftNetworkInit;
import org.zennet.besu.qbft.QbftNetworkSpec;
import org.zennet.contracts.Xen;
import org.zennet.contracts.chain.ChainConnection;
import org.zennet.contracts.deploy.Deployment;
import org.zennet.contracts.deploy.GenesisDistribution;

/**
 * The generated network for real: four validators from 'zennet chain init''s files, run by its compose file in
 * the pinned hyperledger/besu image; then the contracts deployed (twice: the second run sends nothing) from an
 * account without any gas coin, and one payment channel from deposit to close. Runs only where a Docker engine
 * is reachable; elsewhere JUnit reports it skipped ("disabledWithoutDocker").
 */
@Testcontainers(disabledWithoutDocker = true)
class BesuQbftIT {
  /** Ports away from anvil's and Besu's defaults, so a developer's running chain does not collide. */
  private static final int P2P_PORT = 31303;
  private static final int RPC_PORT = 38545;
  private static final int METRICS_PORT = 39545;

  private static Path dir;
  private static QbftNetwork network;
  private static ComposeContainer compose;

  @BeforeAll
  static void startFourValidators() throws Exception {
    // not @TempDir: the image's entry script hands the mounted node folders to its besu user, so JUnit could not delete them
    dir = Files.createTempDirectory("zennet-besu-it-");
    network = QbftNetworkInit.write(QbftNetworkSpec.of(4, 1, 4242, Map.of()).withPorts(P2P_PORT, RPC_PORT, METRICS_PORT),
        dir, false, new SecureRandom());
    compose = new ComposeContainer(dir.resolve(ComposeFile.FILE).toFile());
    for (QbftNetwork.Node node : network.nodes()) {
      compose.withExposedService(node.name(), 1, node.rpcHttpPort(),
          Wait.forListeningPort().withStartupTimeout(Duration.ofMinutes(3)));
    }
    compose.start();
  }

  @AfterAll
  static void stop() {
    if (compose != null) {
      compose.stop();
    }
    deleteQuietly(dir);
  }

  private static URI rpc(QbftNetwork.Node node) {
    String instance = node.name() + "-1";
    return URI.create("http://" + compose.getServiceHost(instance, node.rpcHttpPort()) + ":"
        + compose.getServicePort(instance, node.rpcHttpPort()));
  }

  @Test
  void fourValidatorsMakeBlocksThenTheContractsDeployOnceAndAChannelRoundTrips() throws Exception {
    URI rpc = rpc(network.nodes().get(0));
    try (ChainConnection chain = awaitBlocks(rpc, Duration.ofMinutes(2))) {
      assertThat(chain.chainId()).isEqualTo(4242);
      assertThat(chain.gasProvider().getGasPrice()).as("free gas: eth_gasPrice is 0").isZero();
      for (QbftNetwork.Node node : network.nodes()) {
        assertThat(BesuLauncher.validators(rpc(node)).stream().map(a -> a.toLowerCase(Locale.ROOT)).sorted().toList())
            .as(node.name()).isEqualTo(network.validators().stream().map(a -> a.toLowerCase(Locale.ROOT)).sorted().toList());
      }

      Credentials deployer = Credentials.create(Keys.createEcKeyPair(new SecureRandom()));
      Credentials publisher = Credentials.create(Keys.createEcKeyPair(new SecureRandom()));
      Credentials provider = Credentials.create(Keys.createEcKeyPair(new SecureRandom()));
      GenesisDistribution genesis = new GenesisDistribution(List.of(
          new GenesisDistribution.Allocation(deployer.getAddress(), Xen.of(1_000_000)),
          new GenesisDistribution.Allocation(publisher.getAddress(), Xen.of(1_000))));
      Path descriptor = dir.resolve("deployment.json");
      var first = ContractsDeployment.ensureDeployed(chain, deployer, genesis, Duration.ofHours(1), rpc, null, descriptor);
      assertThat(first.outcome()).isEqualTo(ContractsDeployment.Outcome.DEPLOYED);
      var second = ContractsDeployment.ensureDeployed(chain, deployer, genesis, Duration.ofHours(1), rpc, null, descriptor);
      assertThat(second.outcome()).isEqualTo(ContractsDeployment.Outcome.ALREADY_DEPLOYED);
      assertThat(chain.web3j().ethGetTransactionCount(deployer.getAddress(), DefaultBlockParameterName.LATEST).send()
          .getTransactionCount()).isEqualTo(BigInteger.valueOf(3));
      Deployment deployment = Deployment.read(descriptor);

      ChannelRoundTrip.run(chain, deployment, publisher, provider);
    }
  }

  private static ChainConnection awaitBlocks(URI rpc, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    IOException last = null;
    while (System.nanoTime() < deadline) {
      try {
        ChainConnection chain = ChainConnection.connect(rpc, 0);
        if (chain.web3j().ethBlockNumber().send().getBlockNumber().compareTo(BigInteger.TWO) >= 0) {
          return chain;
        }
        chain.close();
      } catch (IOException e) {
        last = e;
      }
      Thread.sleep(500);
    }
    throw new AssertionError("the four validators made no blocks within " + timeout.toSeconds() + " s", last);
  }

  private static void deleteQuietly(Path root) {
    if (root == null) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // files the container's user owns stay behind in the temporary folder
    }
  }
}
