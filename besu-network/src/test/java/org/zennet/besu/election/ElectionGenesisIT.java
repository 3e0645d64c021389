package org.zennet.besu.election;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.zennet.besu.qbft.QbftExtraData;
import org.zennet.besu.qbft.QbftNetwork;
import org.zennet.besu.qbft.QbftNetworkInit;
import org.zennet.besu.qbft.QbftNetworkSpec;
import org.zennet.contracts.Xen;
import org.zennet.contracts.chain.ChainConnection;
import org.zennet.contracts.deploy.Deployer;
import org.zennet.contracts.deploy.Deployment;
import org.zennet.contracts.deploy.GenesisDistribution;
import org.zennet.contracts.devchain.DevChain;
import org.zennet.contracts.devchain.DevChainConfig;
import org.zennet.contracts.generated.ValidatorElection;
import org.zennet.contracts.generated.XenCoin;
import org.zennet.contracts.testkit.ElectionFixture;

/**
 * {@code zennet chain init --election}'s genesis, started on anvil ({@code anvil --init genesis.json}): the
 * election's runtime code and pre-filled storage are there, {@code getValidators()} returns exactly the generated
 * nodes, XenCoin deployed afterwards lands where the genesis expects it, and staking and an election work from there.
 */
class ElectionGenesisIT {
  private static final long CHAIN_ID = 1337;
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void anvilFromTheGenesisServesTheGeneratedValidatorsAndStakingWorks() throws Exception {
    // anvil's well-known dev keys (the same mnemonic every anvil uses)
    Credentials deployer = Credentials.create("0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80");
    Credentials holder = Credentials.create("0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d");
    Map<String, BigInteger> gasCoin = new LinkedHashMap<>();
    gasCoin.put(deployer.getAddress(), Xen.of(1_000));
    gasCoin.put(holder.getAddress(), Xen.of(1_000));
    QbftNetworkSpec spec = QbftNetworkSpec.of(4, 1, CHAIN_ID, gasCoin);
    ElectionGenesis election = new ElectionGenesis(ElectionGenesis.DEFAULT_ADDRESS,
        ElectionGenesis.xenCoinAddress(deployer.getAddress()), 4, 10, 5, 60);
    QbftNetwork network = QbftNetworkInit.write(spec, dir, false, new SecureRandom(), Optional.of(election));
    List<String> nodes = network.nodes().stream().map(n -> n.address().toLowerCase(Locale.ROOT)).sorted().toList();

    JsonNode genesis = JSON.readTree(dir.resolve(QbftNetworkInit.GENESIS_FILE).toFile());
    assertThat(genesis.path("config").path("qbft").path("validatorcontractaddress").asText())
        .isEqualTo(ElectionGenesis.DEFAULT_ADDRESS);
    assertThat(QbftExtraData.decode(genesis.path("extraData").asText()).validators())
        .as("contract mode: the extraData lists no validator").isEmpty();
    JsonNode contract = genesis.path("alloc").path(ElectionGenesis.DEFAULT_ADDRESS.substring(2));
    assertThat(contract.path("code").asText()).isEqualTo(ElectionGenesis.runtimeBytecode());
    assertThat(contract.path("storage").size()).as("token+epoch, the rest, array length, 4 validators").isEqualTo(7);

    DevChainConfig config = DevChainConfig.DEFAULT.withChainId(CHAIN_ID).withZeroGasPrice()
        .withGenesis(dir.resolve(QbftNetworkInit.GENESIS_FILE));
    try (DevChain dev = DevChain.start(config);
        ChainConnection chain = ChainConnection.connect(dev.httpUrl(), CHAIN_ID)) {
      ValidatorElection e = ValidatorElection.load(ElectionGenesis.DEFAULT_ADDRESS, chain.web3j(),
          chain.transactionManager(holder), chain.gasProvider());
      assertThat(ElectionFixture.lower(e.getValidators().send())).containsExactlyElementsOf(nodes);
      assertThat(ElectionFixture.lower(e.genesisValidators().send())).containsExactlyElementsOf(nodes);
      assertThat(e.maxValidators().send()).isEqualTo(4);
      assertThat(e.maxCandidates().send()).isEqualTo(10);
      assertThat(e.epochLength().send()).isEqualTo(5);
      assertThat(e.unbondingPeriod().send()).isEqualTo(60);
      assertThat(e.candidates().send()).isEmpty();

      Deployment deployment = new Deployer(chain, deployer).deploy(
          GenesisDistribution.dev(deployer.getAddress(), List.of(holder.getAddress())), Deployer.DEV_CHALLENGE_PERIOD,
          dev.httpUrl(), dev.wsUrl());
      assertThat(deployment.requireAddress(Deployment.XEN_COIN)).as("XenCoin lands where the genesis expects it")
          .isEqualToIgnoringCase(e.token().send());

      String newcomer = ElectionFixture.node(42);
      XenCoin.load(e.token().send(), chain.web3j(), chain.transactionManager(holder), chain.gasProvider())
          .approve(ElectionGenesis.DEFAULT_ADDRESS, Xen.of(100)).send();
      e.register(newcomer).send();
      e.delegate(newcomer).send();
      e.stake(Xen.of(100)).send();
      assertThat(e.candidateInfo(newcomer).send().component3()).isEqualTo(Xen.of(100));
      assertThat(ElectionFixture.lower(e.pendingValidators().send())).containsExactly(newcomer);

      long block = chain.web3j().ethBlockNumber().send().getBlockNumber().longValueExact();
      long next = e.nextRotationBlock().send().longValueExact();
      if (block + 1 < next) {
        new ElectionFixture(dev, chain, e.token().send(), ElectionGenesis.DEFAULT_ADDRESS, nodes, 4, 10, 5, 60)
            .mine(next - block - 1);
      }
      e.rotate().send();
      assertThat(ElectionFixture.lower(e.getValidators().send())).containsExactly(newcomer);
      assertThat(chain.web3j().ethGetBalance(ElectionGenesis.DEFAULT_ADDRESS, DefaultBlockParameterName.LATEST).send()
          .getBalance()).isZero();
    }
  }
}
