package org.zennet.watcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.web3j.crypto.Credentials;
import org.zennet.contracts.ZennetContracts;
import org.zennet.contracts.channel.ChannelInfo;
import org.zennet.contracts.channel.SignedVoucher;
import org.zennet.contracts.channel.Voucher;
import org.zennet.contracts.chain.ChainConnection;
import org.zennet.contracts.deploy.Deployer;
import org.zennet.contracts.deploy.Deployment;
import org.zennet.contracts.deploy.GenesisDistribution;
import org.zennet.contracts.devchain.DevChain;
import org.zennet.protocol.host.Host;
import org.zennet.protocol.host.HostConfig;
import org.zennet.protocol.identity.HostKey;
import org.zennet.protocol.wire.messages.WatchMessage;
import org.zennet.watcher.bench.OpenChannels;
import org.zennet.watcher.client.WatchClient;

/**
 * A deployment on the test run's anvil and the parties of a watcher test: dev key 1 the publisher, 2 and 3
 * providers, 4 the watcher's account. Watchers, hosts and connections it made are closed by {@link #close()}.
 */
final class WatcherFixture implements AutoCloseable {
  static final BigInteger XEN = BigInteger.TEN.pow(18);

  final DevChain dev;
  final Deployment deployment;
  final Credentials publisherKey;
  final Credentials provider;
  final Credentials secondProvider;
  final Credentials watcherKey;
  final ZennetContracts publisher;
  final ZennetContracts reader;
  final Vertx vertx = Vertx.vertx();
  final List<String> lines = new CopyOnWriteArrayList<>();
  private final List<AutoCloseable> toClose = new ArrayList<>();

  WatcherFixture(DevChain dev) throws IOException {
    this.dev = dev;
    Credentials treasury = dev.devKeys().get(0);
    try (ChainConnection connection = ChainConnection.connect(dev.httpUrl(), dev.chainId())) {
      deployment = new Deployer(connection, treasury).deploy(GenesisDistribution.dev(treasury.getAddress(),
              dev.devKeys().subList(1, 5).stream().map(Credentials::getAddress).toList()), Deployer.DEV_CHALLENGE_PERIOD,
          dev.httpUrl(), dev.wsUrl());
    }
    publisherKey = dev.devKeys().get(1);
    provider = dev.devKeys().get(2);
    secondProvider = dev.devKeys().get(3);
    watcherKey = dev.devKeys().get(4);
    publisher = ZennetContracts.connect(deployment, publisherKey);
    reader = ZennetContracts.connect(deployment, treasury);
  }

  WatcherConfig config(Path dataDir) {
    return WatcherConfig.defaults(Path.of("unused-keystore.json"), Path.of("unused-deployment.json"), dataDir)
        .withListen("/ip4/127.0.0.1/tcp/0").withRedeeming(50, Duration.ofMillis(200), "0")
        .withRetry(Duration.ofMillis(200), Duration.ofSeconds(2));
  }

  Watcher watcher(WatcherConfig config) throws IOException {
    Watcher w = Watcher.start(config, watcherKey, deployment, Clock.systemUTC(), lines::add);
    toClose.add(w);
    return w;
  }

  /** Opens a channel of {@code deposit} wei from the publisher to {@code to}. */
  BigInteger open(Credentials to, BigInteger deposit) throws Exception {
    return OpenChannels.open(publisher, BigInteger.ONE, List.of(to.getAddress()), deposit).getFirst();
  }

  SignedVoucher voucher(BigInteger channel, BigInteger amount) {
    return publisher.vouchers().sign(new Voucher(channel, amount), publisherKey);
  }

  ChannelInfo info(BigInteger channel) throws Exception {
    return reader.channels().channelInfo(channel).get(30, TimeUnit.SECONDS);
  }

  BigInteger balance(Credentials who) throws Exception {
    return reader.xen().balanceOf(who.getAddress()).get(30, TimeUnit.SECONDS);
  }

  /** A libp2p host with {@code key}'s identity. */
  Host host(Credentials key) {
    Host h = Host.create(vertx, HostKey.fromCredentials(key), HostConfig.DEFAULT);
    toClose.add(() -> h.close().await(5, TimeUnit.SECONDS));
    return h;
  }

  WatchClient client(Host host, Watcher watcher) throws Exception {
    return WatchClient.open(host, watcher.address(), deployment.chainId(), publisher.channels().address())
        .await(10, TimeUnit.SECONDS);
  }

  static WatchMessage await(io.vertx.core.Future<WatchMessage> answer) throws Exception {
    return answer.await(30, TimeUnit.SECONDS);
  }

  static void eventually(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime() < deadline).as("timed out waiting: " + what).isTrue();
      Thread.sleep(100);
    }
  }

  @Override
  public void close() throws Exception {
    for (int i = toClose.size() - 1; i >= 0; i--) {
      try {
        toClose.get(i).close();
      } catch (Exception ignored) {
        // closing the rest anyway
      }
    }
    publisher.close();
    reader.close();
    vertx.close().await(5, TimeUnit.SECONDS);
  }
}
