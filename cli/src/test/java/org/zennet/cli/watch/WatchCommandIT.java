package org.zennet.cli.watch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.WalletUtils;
import org.zennet.cli.ZennetCliIT;
import org.zennet.cli.ZennetCliIT.Run;
import org.zennet.cli.process.ZennetProcess;
import org.zennet.contracts.chain.ChainConnection;
import org.zennet.contracts.deploy.Deployer;
import org.zennet.contracts.deploy.Deployment;
import org.zennet.contracts.deploy.GenesisDistribution;
import org.zennet.contracts.devchain.DevChain;
import org.zennet.contracts.testkit.AnvilExtension;

/** {@code zennet watch} as an operator runs it: config errors name the field; ready line; /health; SIGTERM. */
@ExtendWith(AnvilExtension.class)
class WatchCommandIT {
  static final Pattern READY = Pattern.compile("^watcher (0x[0-9a-f]{40}) ready on (\\S+) http (\\S+)$");

  @TempDir Path dir;
  private Credentials key;
  private Deployment deployment;

  @BeforeEach
  void setUp(DevChain dev) throws Exception {
    Credentials treasury = dev.devKeys().get(0);
    try (ChainConnection connection = ChainConnection.connect(dev.httpUrl(), dev.chainId())) {
      deployment = new Deployer(connection, treasury).deploy(GenesisDistribution.dev(treasury.getAddress(),
          dev.devKeys().subList(1, 5).stream().map(Credentials::getAddress).toList()), Deployer.DEV_CHALLENGE_PERIOD,
          dev.httpUrl(), dev.wsUrl());
      deployment.write(dir.resolve("deployment.json"));
    }
    key = dev.devKeys().get(4);
    Path keys = Files.createDirectories(dir.resolve("watcher").resolve("keys"));
    String file = WalletUtils.generateWalletFile("watcher-password", key.getEcKeyPair(), keys.toFile(), false);
    Files.move(keys.resolve(file), keys.resolve("watcher.json"));
    Files.writeString(dir.resolve("watcher").resolve("secret.txt"), "watcher-password\n");
  }

  private Path config(String yaml) throws Exception {
    Path file = dir.resolve("watcher").resolve("watcher.yaml");
    Files.writeString(file, yaml);
    return file;
  }

  @Test
  void aBadConfigNamesTheFieldAndExitsOne() throws Exception {
    Run typo = ZennetCliIT.zennet("watch", "--config", config("""
        keystore: keys/watcher.json
        passwordFile: secret.txt
        deployment: ../deployment.json
        batchsize: 10
        """).toString());
    assertThat(typo.exit()).isEqualTo(1);
    assertThat(typo.err()).contains("unknown field 'batchsize'", "batchSize");

    Run missing = ZennetCliIT.zennet("watch", "--config", config("""
        passwordFile: secret.txt
        deployment: ../deployment.json
        """).toString());
    assertThat(missing.exit()).isEqualTo(1);
    assertThat(missing.err()).contains("keystore: required");

    Run badValue = ZennetCliIT.zennet("watch", "--config", config("""
        keystore: keys/watcher.json
        passwordFile: secret.txt
        deployment: ../deployment.json
        redeemThreshold: lots
        """).toString());
    assertThat(badValue.exit()).isEqualTo(1);
    assertThat(badValue.err()).contains("redeemThreshold");

    Run noFile = ZennetCliIT.zennet("watch", "--config", config("""
        keystore: keys/watcher.json
        passwordFile: secret.txt
        deployment: ../nowhere.json
        """).toString());
    assertThat(noFile.exit()).isEqualTo(1);
    assertThat(noFile.err()).contains("deployment", "nowhere.json");

    assertThat(ZennetCliIT.zennet("watch").exit()).as("no --config").isEqualTo(2);
  }

  @Test
  void servesHealthUntilSigtermThenSaysStoppedAndExitsZero() throws Exception {
    Path file = config("""
        keystore: keys/watcher.json
        passwordFile: secret.txt
        deployment: ../deployment.json
        listen: /ip4/127.0.0.1/tcp/0
        httpPort: 0
        dataDir: ./data
        safetyMargin: 10m
        batchWindow: 200ms
        """);
    try (ZennetProcess watcher = ZennetProcess.start("watcher", dir.resolve("watcher.log"), List.of(),
        "watch", "--config", file.toString())) {
      Matcher ready = watcher.awaitReady(READY, Duration.ofSeconds(90));
      assertThat(ready.group(1)).isEqualTo(key.getAddress().toLowerCase(java.util.Locale.ROOT));
      assertThat(ready.group(2)).startsWith("/ip4/127.0.0.1/tcp/").contains("/p2p/");
      HttpResponse<String> health = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create(ready.group(3) + "/health")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(health.statusCode()).isEqualTo(200);
      JsonNode json = new ObjectMapper().readTree(health.body());
      assertThat(json.path("status").asText()).isEqualTo("ok");
      assertThat(json.path("chainHead").asLong()).isPositive();
      assertThat(json.path("channelsHeld").asLong()).isZero();
      assertThat(json.path("cursor").path("block").asLong()).isPositive();
      assertThat(Files.exists(dir.resolve("watcher").resolve("data").resolve("watcher.sqlite"))).isTrue();

      assertThat(watcher.stop(Duration.ofSeconds(20))).isZero();
      assertThat(watcher.awaitLine(Pattern.compile("^watcher stopped$"), Duration.ofSeconds(10)))
          .as("output: %s", watcher.lastLines(10)).isNotNull();
    }
  }

  @Test
  void aKilledWatcherRestartedAfterTheCloseStillRedeemsWhatItAcknowledged(DevChain dev) throws Exception {
    Path file = config("""
        keystore: keys/watcher.json
        passwordFile: secret.txt
        deployment: ../deployment.json
        listen: /ip4/127.0.0.1/tcp/0
        dataDir: ./data
        batchWindow: 100ms
        """);
    Credentials publisherKey = dev.devKeys().get(1);
    Credentials providerKey = dev.devKeys().get(2);
    java.math.BigInteger xen = java.math.BigInteger.TEN.pow(18);
    io.vertx.core.Vertx vertx = io.vertx.core.Vertx.vertx();
    try (org.zennet.contracts.ZennetContracts publisher = org.zennet.contracts.ZennetContracts.connect(deployment,
        publisherKey)) {
      java.math.BigInteger channel = org.zennet.watcher.bench.OpenChannels.open(publisher, java.math.BigInteger.ONE,
          List.of(providerKey.getAddress()), xen.multiply(java.math.BigInteger.TEN)).getFirst();
      try (ZennetProcess first = ZennetProcess.start("watcher", dir.resolve("first.log"), List.of(),
          "watch", "--config", file.toString())) {
        Matcher ready = first.awaitReady(READY, Duration.ofSeconds(90));
        var host = org.zennet.protocol.host.Host.create(vertx,
            org.zennet.protocol.identity.HostKey.fromCredentials(providerKey),
            org.zennet.protocol.host.HostConfig.DEFAULT);
        var client = org.zennet.watcher.client.WatchClient.open(host,
            org.zennet.protocol.multiaddr.Multiaddr.parse(ready.group(2)), deployment.chainId(),
            publisher.channels().address()).await(10, java.util.concurrent.TimeUnit.SECONDS);
        var answer = client.delegate(publisher.vouchers().sign(new org.zennet.contracts.channel.Voucher(channel,
            xen.multiply(java.math.BigInteger.valueOf(3))), publisherKey)).await(30, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(answer.hasAck()).as(answer.toString()).isTrue();
        assertThat(first.kill()).as("SIGKILL right after the ack").isEqualTo(137);
        host.close().await(5, java.util.concurrent.TimeUnit.SECONDS);
      }
      publisher.channels().startClose(channel).get(30, java.util.concurrent.TimeUnit.SECONDS);
      try (ZennetProcess second = ZennetProcess.start("watcher", dir.resolve("second.log"), List.of(),
          "watch", "--config", file.toString())) {
        second.awaitReady(READY, Duration.ofSeconds(90));
        assertThat(second.awaitLine(Pattern.compile("^redeemed 1 channel, 3 XEN, tx 0x[0-9a-f]{64}$"),
            Duration.ofSeconds(60))).as(second.lastLines(20)).isNotNull();
        assertThat(publisher.channels().channelInfo(channel).get(30, java.util.concurrent.TimeUnit.SECONDS).paid())
            .isEqualTo(xen.multiply(java.math.BigInteger.valueOf(3)));
      }
    } finally {
      vertx.close();
    }
  }
}
