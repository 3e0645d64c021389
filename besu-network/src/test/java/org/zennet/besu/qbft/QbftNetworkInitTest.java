package org.zennet.besu.qbft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Sign;
import org.web3j.utils.Numeric;

/** The files of 'zennet chain init', checked against Besu's documented formats. */
class QbftNetworkInitTest {
  private static final String HOLDER = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";

  @TempDir Path dir;

  private QbftNetwork init(int validators) throws Exception {
    QbftNetworkSpec spec = QbftNetworkSpec.of(validators, 1, 1337, Map.of(HOLDER, new BigInteger("1000000000000000000000")));
    return QbftNetworkInit.write(spec, dir, false, new SecureRandom());
  }

  @Test
  void genesisHasEveryKeyBesuNeedsWithTheRightTypes() throws Exception {
    QbftNetwork network = init(4);
    JsonNode genesis = new ObjectMapper().readTree(dir.resolve("genesis.json").toFile());

    JsonNode config = genesis.path("config");
    assertThat(config.path("chainId").isIntegralNumber()).isTrue();
    assertThat(config.path("chainId").asLong()).isEqualTo(1337);
    for (String milestone : List.of("homesteadBlock", "eip150Block", "eip155Block", "eip158Block", "byzantiumBlock",
        "constantinopleBlock", "petersburgBlock", "istanbulBlock", "berlinBlock", "londonBlock", "shanghaiTime", "cancunTime")) {
      assertThat(config.path(milestone).isIntegralNumber()).as(milestone).isTrue();
      assertThat(config.path(milestone).asLong()).as(milestone).isZero();
    }
    assertThat(config.path("zeroBaseFee").isBoolean()).isTrue();
    assertThat(config.path("zeroBaseFee").asBoolean()).isTrue();
    assertThat(config.path("contractSizeLimit").isInt()).isTrue();
    JsonNode qbft = config.path("qbft");
    assertThat(qbft.path("blockperiodseconds").asInt()).isEqualTo(1);
    assertThat(qbft.path("epochlength").asLong()).isEqualTo(30_000);
    assertThat(qbft.path("requesttimeoutseconds").asInt()).isEqualTo(4);
    assertThat(List.of(qbft.path("blockperiodseconds"), qbft.path("epochlength"), qbft.path("requesttimeoutseconds")))
        .allMatch(JsonNode::isIntegralNumber);

    assertThat(genesis.path("difficulty").asText()).isEqualTo("0x1");
    assertThat(genesis.path("mixHash").asText()).isEqualTo("0x63746963616c2062797a616e74696e65206661756c7420746f6c6572616e6365");
    assertThat(genesis.path("baseFeePerGas").asText()).isEqualTo("0x0");
    assertThat(genesis.path("timestamp").asText()).isEqualTo("0x0");
    assertThat(genesis.path("nonce").asText()).isEqualTo("0x0");
    assertThat(genesis.path("coinbase").asText()).isEqualTo("0x" + "0".repeat(40));
    assertThat(Long.decode(genesis.path("gasLimit").asText())).isGreaterThanOrEqualTo(8_000_000);
    for (String hexField : List.of("nonce", "timestamp", "gasLimit", "difficulty", "baseFeePerGas", "extraData", "mixHash")) {
      assertThat(genesis.path(hexField).isTextual()).as(hexField).isTrue();
      assertThat(genesis.path(hexField).asText()).as(hexField).matches("0x[0-9a-f]+");
    }
    assertThat(genesis.path("alloc").path(HOLDER.substring(2).toLowerCase()).path("balance").asText())
        .isEqualTo("0x3635c9adc5dea00000");

    QbftExtraData extraData = QbftExtraData.decode(genesis.path("extraData").asText());
    List<String> expected = network.validators().stream().map(String::toLowerCase).sorted().toList();
    assertThat(extraData.validators()).isEqualTo(expected).hasSize(4);
    assertThat(extraData.hasVote()).isFalse();
    assertThat(extraData.round()).isZero();
    assertThat(extraData.seals()).isZero();
  }

  @Test
  void eachNodeHasBesuKeyFilesWhoseAddressIsItsValidatorAddress() throws Exception {
    QbftNetwork network = init(4);
    for (QbftNetwork.Node node : network.nodes()) {
      Path nodeDir = dir.resolve(node.name());
      String privateHex = Files.readString(nodeDir.resolve("key"));
      String publicHex = Files.readString(nodeDir.resolve("key.pub"));
      assertThat(Numeric.toBigInt(publicHex)).isEqualTo(Sign.publicKeyFromPrivate(Numeric.toBigInt(privateHex)));
      assertThat(Credentials.create(privateHex).getAddress()).isEqualToIgnoringCase(node.address());
      assertThat(node.enode()).isEqualTo("enode://" + publicHex.substring(2) + "@127.0.0.1:" + node.p2pPort());
      assertThat(nodeDir.resolve("data")).isDirectory();
    }
  }

  @Test
  void configFilesParseAsTomlWithDistinctPortsAndEveryOtherNodeAsBootnode() throws Exception {
    QbftNetwork network = init(4);
    TomlMapper toml = new TomlMapper();
    Set<Long> ports = new HashSet<>();
    List<String> enodes = network.nodes().stream().map(QbftNetwork.Node::enode).toList();
    for (QbftNetwork.Node node : network.nodes()) {
      JsonNode c = toml.readTree(dir.resolve(node.configFile()).toFile());
      assertThat(c.path("data-path").asText()).isEqualTo(node.name() + "/data");
      assertThat(c.path("genesis-file").asText()).isEqualTo("genesis.json");
      assertThat(c.path("node-private-key-file").asText()).isEqualTo(node.name() + "/key");
      assertThat(dir.resolve(c.path("node-private-key-file").asText())).isRegularFile();
      assertThat(c.path("min-gas-price").isIntegralNumber()).isTrue();
      assertThat(c.path("min-gas-price").asLong()).isZero();
      assertThat(c.path("profile").asText()).isEqualTo("ENTERPRISE");
      assertThat(c.path("sync-mode").asText()).isEqualTo("FULL");
      assertThat(c.path("rpc-http-enabled").asBoolean()).isTrue();
      assertThat(c.path("rpc-ws-enabled").asBoolean()).isTrue();
      for (String api : List.of("rpc-http-api", "rpc-ws-api")) {
        List<String> apis = new ArrayList<>();
        c.path(api).forEach(a -> apis.add(a.asText()));
        assertThat(apis).as(api).containsExactly("ETH", "NET", "WEB3", "QBFT", "TXPOOL");
      }
      assertThat(c.path("host-allowlist").isArray()).isTrue();
      assertThat(c.path("rpc-http-host").asText()).isEqualTo("127.0.0.1");
      List<String> bootnodes = new ArrayList<>();
      c.path("bootnodes").forEach(b -> bootnodes.add(b.asText()));
      assertThat(bootnodes).hasSize(3).doesNotContain(node.enode())
          .allMatch(b -> b.matches("enode://[0-9a-f]{128}@127\\.0\\.0\\.1:\\d+"));
      assertThat(enodes).containsAll(bootnodes);
      for (String port : List.of("p2p-port", "rpc-http-port", "rpc-ws-port", "metrics-port")) {
        assertThat(c.path(port).isIntegralNumber()).as(port).isTrue();
        assertThat(ports.add(c.path(port).asLong())).as(node.name() + " " + port + " is distinct").isTrue();
      }
      assertThat(c.path("rpc-http-port").asInt()).isEqualTo(node.rpcHttpPort());
    }
    assertThat(ports).hasSize(16);
  }

  @Test
  void composeFileRunsThePinnedImageWithTheSameConfigs() throws Exception {
    QbftNetwork network = init(4);
    JsonNode compose = new YAMLMapper().readTree(dir.resolve("docker-compose.yml").toFile());
    JsonNode services = compose.path("services");
    assertThat(services.size()).isEqualTo(4);
    Set<String> ips = new HashSet<>();
    for (QbftNetwork.Node node : network.nodes()) {
      JsonNode service = services.path(node.name());
      assertThat(service.path("image").asText()).isEqualTo(QbftNetworkSpec.DEFAULT_BESU_IMAGE).matches("hyperledger/besu:\\d+\\.\\d+\\.\\d+");
      assertThat(service.path("volumes").get(0).asText()).isEqualTo("./:/zennet");
      assertThat(service.path("working_dir").asText()).isEqualTo("/zennet");
      List<String> command = new ArrayList<>();
      service.path("command").forEach(a -> command.add(a.asText()));
      assertThat(command).contains("--config-file=/zennet/" + node.configFile());
      String ip = service.path("networks").path("zennet").path("ipv4_address").asText();
      assertThat(ips.add(ip)).isTrue();
      assertThat(command).contains("--p2p-host=" + ip);
      String bootnodes = command.stream().filter(a -> a.startsWith("--bootnodes=")).findFirst().orElseThrow();
      assertThat(bootnodes.split(",")).hasSize(3).noneMatch(b -> b.contains("@" + ip + ":"));
      List<String> ports = new ArrayList<>();
      service.path("ports").forEach(p -> ports.add(p.asText()));
      assertThat(ports).contains("127.0.0.1:" + node.rpcHttpPort() + ":" + node.rpcHttpPort())
          .allMatch(p -> p.startsWith("127.0.0.1:"));
    }
    assertThat(compose.path("networks").path("zennet").path("ipam").path("config").get(0).path("subnet").asText())
        .isEqualTo("172.16.240.0/24");
  }

  @Test
  void oneValidatorNetworkHasNoBootnodesAndSaysItToleratesNoFault() throws Exception {
    init(1);
    JsonNode c = new TomlMapper().readTree(dir.resolve("node-1/config.toml").toFile());
    assertThat(c.path("bootnodes").size()).isZero();
    assertThat(Files.readString(dir.resolve("README.md"))).contains("up to 0 validators down", "4 validators are needed");
    assertThat(QbftNetwork.read(dir).nodes()).hasSize(1);
  }

  @Test
  void refusesAFolderWithFilesUnlessForcedAndThenReplacesOnlyItsOwnFiles() throws Exception {
    QbftNetwork first = init(2);
    assertThatThrownBy(() -> init(2)).isInstanceOf(QbftNetworkInit.FolderNotEmptyException.class)
        .hasMessageContaining("--force");
    Files.writeString(dir.resolve("notes.txt"), "mine");
    QbftNetwork second = QbftNetworkInit.write(QbftNetworkSpec.of(1, 2, 7, Map.of()), dir, true, new SecureRandom());
    assertThat(second.validators()).doesNotContainAnyElementsOf(first.validators());
    assertThat(dir.resolve("node-2")).doesNotExist();
    assertThat(dir.resolve("notes.txt")).hasContent("mine");
  }
}
