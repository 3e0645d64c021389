package org.zennet.watcher.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.Log;
import org.zennet.contracts.ZennetContracts;
import org.zennet.contracts.channel.ChannelEvent;
import org.zennet.contracts.channel.SignedVoucher;
import org.zennet.contracts.channel.Voucher;
import org.zennet.contracts.chain.ChainConnection;
import org.zennet.contracts.deploy.Deployer;
import org.zennet.contracts.deploy.Deployment;
import org.zennet.contracts.deploy.GenesisDistribution;
import org.zennet.contracts.devchain.DevChain;
import org.zennet.contracts.devchain.DevChainConfig;
import org.zennet.protocol.host.Host;
import org.zennet.protocol.host.HostConfig;
import org.zennet.protocol.identity.HostKey;
import org.zennet.protocol.wire.messages.WatchMessage;
import org.zennet.watcher.Watcher;
import org.zennet.watcher.WatcherConfig;
import org.zennet.watcher.client.WatchClient;

/**
 * {@code zennet bench watcher}: one watcher in this JVM on a throw-away dev chain, with {@code channels} channels
 * of simulated providers (real transport, real vouchers, real SQLite): delegations per second (every provider
 * delegating at once, one stream each), the time from a burst of {@code burst} {@code startClose} to every one
 * of those channels redeemed, and the heap and database size holding them all.
 */
public final class WatcherBenchmark {
  /**
   * @param channels how many channels the watcher holds vouchers for
   * @param burst how many of them the publisher starts closing at once
   * @param providers how many providers share the channels (each delegates its own on one stream)
   * @param batchSize the watcher's redeemMany batch size
   */
  public record Config(int channels, int burst, int providers, int batchSize) {
    public static final Config DEFAULT = new Config(10_000, 1_000, 50, WatcherConfig.DEFAULT_BATCH_SIZE);

    public Config {
      if (channels < 1 || channels > 100_000) {
        throw new IllegalArgumentException("--channels must be 1..100000, got " + channels);
      }
      if (burst < 1 || burst > channels) {
        throw new IllegalArgumentException("--burst must be 1..channels (" + channels + "), got " + burst);
      }
      if (providers < 1 || providers > channels) {
        throw new IllegalArgumentException("--providers must be 1..channels, got " + providers);
      }
      if (batchSize < 1 || batchSize > WatcherConfig.MAX_BATCH_SIZE) {
        throw new IllegalArgumentException("--batch-size must be 1.." + WatcherConfig.MAX_BATCH_SIZE);
      }
    }
  }

  private WatcherBenchmark() {}

  /** Runs the benchmark; {@code progress} receives a line per phase. */
  public static WatcherBenchReport run(Config config, Consumer<String> progress) throws Exception {
    long runStarted = System.nanoTime();
    Path work = Files.createTempDirectory("zennet-bench-watcher");
    try (DevChain dev = DevChain.start(DevChainConfig.DEFAULT.withWorkDir(work.resolve("chain")))) {
      Credentials treasury = dev.devKeys().get(0);
      Deployment deployment;
      try (ChainConnection connection = ChainConnection.connect(dev.httpUrl(), dev.chainId())) {
        deployment = new Deployer(connection, treasury).deploy(GenesisDistribution.dev(treasury.getAddress(),
                dev.devKeys().subList(1, 5).stream().map(Credentials::getAddress).toList()),
            Deployer.DEV_CHALLENGE_PERIOD, dev.httpUrl(), dev.wsUrl());
      }
      Credentials publisherKey = dev.devKeys().get(1);
      List<Credentials> providers = new ArrayList<>();
      for (int i = 0; i < config.providers(); i++) {
        providers.add(Credentials.create(Keys.createEcKeyPair()));
      }
      try (ZennetContracts publisher = ZennetContracts.connect(deployment, publisherKey)) {
        progress.accept("watcher bench: opening " + config.channels() + " channels ...");
        long openStarted = System.nanoTime();
        List<String> payees = new ArrayList<>();
        for (int i = 0; i < config.channels(); i++) {
          payees.add(providers.get(i % providers.size()).getAddress());
        }
        BigInteger deposit = BigInteger.TEN.pow(18);
        List<BigInteger> ids = OpenChannels.open(publisher, BigInteger.ONE, payees, deposit);
        double openSeconds = (System.nanoTime() - openStarted) / 1e9;
        List<List<SignedVoucher>> perProvider = new ArrayList<>();
        providers.forEach(p -> perProvider.add(new ArrayList<>()));
        for (int i = 0; i < ids.size(); i++) {
          perProvider.get(i % providers.size()).add(publisher.vouchers().sign(
              new Voucher(ids.get(i), deposit.divide(BigInteger.TWO)), publisherKey));
        }

        WatcherConfig watcherConfig = WatcherConfig.defaults(work.resolve("unused-keystore"),
                work.resolve("unused-deployment"), work.resolve("watcher"))
            .withListen("/ip4/127.0.0.1/tcp/0")
            .withRedeeming(config.batchSize(), WatcherConfig.DEFAULT_BATCH_WINDOW, "0");
        Vertx vertx = Vertx.vertx();
        try (Watcher watcher = Watcher.start(watcherConfig, dev.devKeys().get(4), deployment, Clock.systemUTC(),
            line -> {})) {
          progress.accept("watcher bench: " + providers.size() + " providers delegating " + ids.size() + " vouchers ...");
          long delegationStarted = System.nanoTime();
          List<Host> hosts = new ArrayList<>();
          List<CompletableFuture<Integer>> runs = new ArrayList<>();
          for (int p = 0; p < providers.size(); p++) {
            Host host = Host.create(vertx, HostKey.fromCredentials(providers.get(p)), HostConfig.DEFAULT);
            hosts.add(host);
            List<SignedVoucher> vouchers = perProvider.get(p);
            runs.add(WatchClient.open(host, watcher.address(), deployment.chainId(), publisher.channels().address())
                .compose(client -> delegateAll(client, vouchers, 0, 0))
                .toCompletionStage().toCompletableFuture());
          }
          int acked = 0;
          for (CompletableFuture<Integer> r : runs) {
            acked += r.get(30, TimeUnit.MINUTES);
          }
          double delegationSeconds = (System.nanoTime() - delegationStarted) / 1e9;
          if (acked != ids.size()) {
            throw new IllegalStateException("only " + acked + " of " + ids.size() + " delegations were acknowledged");
          }
          for (Host h : hosts) {
            h.close().await(10, TimeUnit.SECONDS);
          }
          System.gc();
          Runtime rt = Runtime.getRuntime();
          long heapMiB = (rt.totalMemory() - rt.freeMemory()) >> 20;
          long databaseBytes = Files.size(Watcher.database(work.resolve("watcher")));

          progress.accept("watcher bench: the publisher starts closing " + config.burst() + " channels ...");
          long head = publisher.chain().web3j().ethBlockNumber().send().getBlockNumber().longValueExact();
          List<BigInteger> closing = ids.subList(0, config.burst());
          long burstStarted = System.nanoTime();
          List<CompletableFuture<?>> closes = new ArrayList<>();
          for (BigInteger id : closing) {
            closes.add(publisher.channels().startClose(id));
          }
          for (CompletableFuture<?> c : closes) {
            c.get(10, TimeUnit.MINUTES);
          }
          long burstMined = System.nanoTime();
          Set<BigInteger> redeemed = awaitRedeemed(publisher, head, new HashSet<>(closing), Duration.ofMinutes(30));
          long allRedeemed = System.nanoTime();
          int transactions = watcher.store().redeems().size();
          return new WatcherBenchReport(Instant.now().toString(), environment(), config, ids.size(), providers.size(),
              openSeconds, delegationSeconds, ids.size() / delegationSeconds, heapMiB, databaseBytes >> 20,
              config.burst(), (burstMined - burstStarted) / 1e9, (allRedeemed - burstMined) / 1e9,
              (allRedeemed - burstStarted) / 1e9, redeemed.size(), transactions,
              (System.nanoTime() - runStarted) / 1e9);
        } finally {
          vertx.close().await(10, TimeUnit.SECONDS);
        }
      }
    } finally {
      deleteQuietly(work);
    }
  }

  /** Delegates {@code vouchers} from {@code index} on, one after the other; completes with the acks counted. */
  private static Future<Integer> delegateAll(WatchClient client, List<SignedVoucher> vouchers, int index, int acked) {
    if (index == vouchers.size()) {
      return client.close().map(acked);
    }
    return client.delegate(vouchers.get(index)).compose(answer -> {
      if (!answer.hasAck()) {
        return Future.failedFuture(new IllegalStateException("a delegation was refused: " + describe(answer)));
      }
      return delegateAll(client, vouchers, index + 1, acked + 1);
    });
  }

  private static String describe(WatchMessage m) {
    return m.hasNack() ? m.getNack().getReason() + " " + m.getNack().getDetail() : m.getBodyCase().toString();
  }

  /** Waits until every channel of {@code channels} has a {@code Redeemed} event after block {@code from}. */
  private static Set<BigInteger> awaitRedeemed(ZennetContracts chain, long from, Set<BigInteger> channels,
      Duration timeout) throws Exception {
    Set<BigInteger> seen = new HashSet<>();
    long scanned = from;
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!seen.containsAll(channels)) {
      if (System.nanoTime() > deadline) {
        throw new IOException("only " + seen.size() + " of " + channels.size() + " closing channels were redeemed in "
            + timeout.toMinutes() + " min");
      }
      long head = chain.chain().web3j().ethBlockNumber().send().getBlockNumber().longValueExact();
      for (long start = scanned; start <= head; start += 5_000) {
        EthLog logs = chain.chain().web3j().ethGetLogs(new EthFilter(DefaultBlockParameter.valueOf(BigInteger.valueOf(start)),
            DefaultBlockParameter.valueOf(BigInteger.valueOf(Math.min(head, start + 4_999))),
            chain.channels().address()).addSingleTopic(ChannelEvent.REDEEMED)).send();
        for (EthLog.LogResult<?> r : logs.getLogs()) {
          ChannelEvent.decode((Log) r.get()).ifPresent(e -> seen.add(e.channelId()));
        }
      }
      scanned = head + 1;
      Thread.sleep(100);
    }
    seen.retainAll(channels);
    return seen;
  }

  private static Map<String, String> environment() {
    return Map.of("java", Runtime.version().toString(),
        "cpus", Integer.toString(Runtime.getRuntime().availableProcessors()),
        "maxHeapMiB", Long.toString(Runtime.getRuntime().maxMemory() >> 20),
        "os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
  }

  private static void deleteQuietly(Path dir) {
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a temporary folder left behind
    }
  }
}
