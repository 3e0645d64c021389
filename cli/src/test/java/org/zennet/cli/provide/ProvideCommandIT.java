package org.zennet.cli.provide;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
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
import org.zennet.contracts.Xen;
import org.zennet.contracts.ZennetContracts;
import org.zennet.contracts.chain.ChainConnection;
import org.zennet.contracts.channel.ChannelInfo;
import org.zennet.contracts.deploy.Deployer;
import org.zennet.contracts.deploy.Deployment;
import org.zennet.contracts.deploy.GenesisDistribution;
import org.zennet.contracts.devchain.DevChain;
import org.zennet.contracts.testkit.AnvilExtension;

/**
 * {@code zennet provide} and {@code zennet provide status} as an operator runs them, in child processes on anvil:
 * config errors that name the field, a missing password, the ready line, a real job of {@code zennet publish}
 * worked and paid (its vouchers delegated to a {@code zennet watch} watcher), the status read from the database while the agent runs (table and JSON), the metrics endpoint,
 * and SIGTERM: 'provider stopped', exit 0.
 */
@ExtendWith(AnvilExtension.class)
class ProvideCommandIT {
  static final Pattern READY = Pattern.compile("^provider (0x[0-9a-f]{40}) ready on (\\S+)$");
  static final Pattern METRICS = Pattern.compile("metrics on http://0\\.0\\.0\\.0:(\\d+)/metrics");
  static final Pattern BENCHMARK = Pattern.compile("self-benchmark: ([0-9,]+) fuel per second per slot");
  static final Duration START = Duration.ofSeconds(120);

  @TempDir Path dir;
  private Credentials providerKey;
  private Credentials publisherKey;
  private Deployment deployment;
  private Path providerDir;

  @BeforeEach
  void setUp(DevChain dev) throws Exception {
    Credentials treasury = dev.devKeys().get(0);
    publisherKey = dev.devKeys().get(1);
    providerKey = dev.devKeys().get(2);
    try (ChainConnection connection = ChainConnection.connect(dev.httpUrl(), dev.chainId())) {
      deployment = new Deployer(connection, treasury).deploy(GenesisDistribution.dev(treasury.getAddress(),
          List.of(publisherKey.getAddress())), Deployer.DEV_CHALLENGE_PERIOD, dev.httpUrl(), dev.wsUrl());
      deployment.write(dir.resolve("deployment.json"));
    }
    providerDir = Files.createDirectories(dir.resolve("provider"));
    keystore(providerKey, providerDir.resolve("keys"), "provider.json", "provider-password");
    Files.writeString(providerDir.resolve("secret.txt"), "provider-password\n");
  }

  private static Path keystore(Credentials key, Path folder, String name, String password) throws Exception {
    Files.createDirectories(folder);
    String file = WalletUtils.generateWalletFile(password, key.getEcKeyPair(), folder.toFile(), false);
    return Files.move(folder.resolve(file), folder.resolve(name));
  }

  private Path config(String yaml) throws Exception {
    return Files.writeString(providerDir.resolve("provider.yaml"), yaml);
  }

  private Run provide(Path config) {
    return ZennetCliIT.zennet("provide", "--config", config.toString(), "--home", dir.resolve("home").toString());
  }

  private String provider() {
    return providerKey.getAddress().toLowerCase(Locale.ROOT);
  }

  @Test
  void aBadConfigNamesTheFieldAndExitsOne() throws Exception {
    String base = """
        keystore: keys/provider.json
        passwordFile: secret.txt
        deployment: ../deployment.json
        """;
    assertThat(ZennetCliIT.zennet("provide").exit()).as("no --config: a usage error").isEqualTo(2);
    assertThat(ZennetCliIT.zennet("provide").err()).contains("--config FILE is required");
    assertThat(ZennetCliIT.zennet("provide", "status").exit()).as("status without --config").isEqualTo(2);

    record Case(String yaml, String... expected) {}
    List<Case> cases = List.of(
        new Case(base + "priceFlor: 10\n", "unknown field 'priceFlor'", "priceFloor", "maxConcurrentJobs"),
        new Case("passwordFile: secret.txt\ndeployment: ../deployment.json\n", "keystore: required",
            "zennet wallet new"),
        new Case("keystore: keys/provider.json\npasswordFile: secret.txt\n", "deployment: required"),
        new Case(base + "passwordEnv: PROVIDER_PASSWORD\n", "passwordFile, passwordEnv: give one of them"),
        new Case(base + "priceFloor: -1\n", "priceFloor: must not be negative"),
        new Case(base + "priceFloor: cheap\n", "field 'priceFloor'"),
        new Case(base + "slots: 0\n", "slots: must be 1..4096, got 0"),
        new Case(base + "maxConcurrentJobs: 0\n", "maxConcurrentJobs: must be a positive integer"),
        new Case(base + "listen: localhost:7410\n", "listen: not a multiaddr", "localhost:7410"),
        new Case(base + "caps: {maxMemoryPages: 100000}\n", "caps.maxMemoryPages: must be 1..65536"),
        new Case(base + "caps: {maxTaskTimeout: soon}\n", "field 'caps.maxTaskTimeout'", "250ms, 30s"),
        new Case(base + "caps: {maxFuel: 10}\n", "unknown field 'maxFuel'", "maxFuelPerTask"),
        new Case(base + "allow: [bob]\n", "allow[0]: must be an account address", "\"bob\""),
        new Case(base + "deny: [\"0x1234\"]\n", "deny[0]: must be an account address"),
        new Case(base + "watchers: [/ip4/127.0.0.1/tcp/7420]\n", "watchers[0]: must end in /p2p/<peer id>"),
        new Case(base + "redeemThreshold: lots\n", "redeemThreshold: must be a decimal amount of XEN", "lots"),
        new Case(base + "timeouts: {paymentBehind: 0s}\n", "timeouts.paymentBehind: must be positive"),
        new Case(base + "metricsPort: 70000\n", "metricsPort: must be 0..65535"),
        new Case(base + "slots: 2: 3\n", "not valid YAML"),
        new Case("keystore: keys/provider.json\npasswordFile: secret.txt\ndeployment: ../nowhere.json\n",
            "deployment: no such file", "nowhere.json"));
    for (Case c : cases) {
      Run run = provide(config(c.yaml()));
      assertThat(run.exit()).as("%s -> %s", c.yaml(), run.err()).isEqualTo(1);
      assertThat(run.err()).as(c.yaml()).contains("provider.yaml").contains(c.expected());
      assertThat(run.out()).as("nothing starts").doesNotContain("ready on");
    }

    Run noKey = provide(config("keystore: keys/nobody.json\npasswordFile: secret.txt\ndeployment: ../deployment.json\n"));
    assertThat(noKey.exit()).isEqualTo(1);
    assertThat(noKey.err()).contains("no keystore file at", "nobody.json");

    Files.writeString(providerDir.resolve("wrong.txt"), "not-the-password\n");
    Run wrong = ZennetCliIT.zennet("provide", "--config", config(base).toString(), "--password-file",
        providerDir.resolve("wrong.txt").toString(), "--home", dir.resolve("home").toString());
    assertThat(wrong.exit()).isEqualTo(1);
    assertThat(wrong.err()).contains("cannot unlock", "provider.json", "wrong password");

    Run unset = ZennetCliIT.zennet("provide", "--config", config(base).toString(), "--password-env",
        "ZENNET_TEST_SURELY_UNSET_VARIABLE", "--home", dir.resolve("home").toString());
    assertThat(unset.exit()).isEqualTo(1);
    assertThat(unset.err()).contains("ZENNET_TEST_SURELY_UNSET_VARIABLE", "is not set");

    Run both = ZennetCliIT.zennet("provide", "--config", config(base).toString(), "--password-file", "a.txt",
        "--password-env", "B", "--home", dir.resolve("home").toString());
    assertThat(both.exit()).as("two password sources: a usage error").isEqualTo(2);
    assertThat(both.err()).contains("not both");

    Run noDatabase = ZennetCliIT.zennet("provide", "status", "--config", config(base).toString(), "--home",
        dir.resolve("home").toString());
    assertThat(noDatabase.exit()).isEqualTo(1);
    assertThat(noDatabase.err()).contains("provider.sqlite");
  }

  @Test
  void withoutAPasswordAndNoTerminalItSaysWhereToPutOneAndExitsOne() throws Exception {
    Path file = config("""
        keystore: keys/provider.json
        deployment: ../deployment.json
        """);
    try (ZennetProcess child = ZennetProcess.start("provider", dir.resolve("no-password.log"), List.of(),
        "provide", "--config", file.toString(), "--home", dir.resolve("home").toString())) {
      assertThat(child.awaitExit(START)).as(child.lastLines(20)).contains(1);
      assertThat(child.lastLines(5)).contains("no keystore password and no terminal to ask for it",
          "passwordFile or passwordEnv", "--password-file FILE or --password-env VAR");
    }
  }

  @Test
  void worksARealJobWithItsVouchersAtAWatcherShowsItsMoneyAndStopsCleanlyOnSigterm(DevChain dev) throws Exception {
    // a channel watcher the provider delegates its vouchers to
    Path watcherDir = Files.createDirectories(dir.resolve("watcher"));
    keystore(dev.devKeys().get(3), watcherDir.resolve("keys"), "watcher.json", "watcher-password");
    Files.writeString(watcherDir.resolve("secret.txt"), "watcher-password\n");
    Path watcherConfig = Files.writeString(watcherDir.resolve("watcher.yaml"), """
        keystore: keys/watcher.json
        passwordFile: secret.txt
        deployment: ../deployment.json
        listen: /ip4/127.0.0.1/tcp/0
        httpPort: 0
        dataDir: ./data
        """);
    try (ZennetProcess watcher = ZennetProcess.start("watcher", dir.resolve("watcher.log"), List.of(),
        "watch", "--config", watcherConfig.toString())) {
      Matcher watcherReady = watcher.awaitReady(Pattern.compile("^watcher (0x[0-9a-f]{40}) ready on (\\S+) http (\\S+)$"),
          START);
      runAJob(watcher, watcherReady.group(2));
    }
  }

  private void runAJob(ZennetProcess watcher, String watcherAddress) throws Exception {
    Path file = config("""
        keystore: keys/provider.json
        passwordFile: secret.txt
        deployment: ../deployment.json
        dataDir: data
        listen: /ip4/127.0.0.1/tcp/0
        priceFloor: 1000
        slots: 2
        metricsPort: 0
        timeouts: {redial: 500ms, stopGrace: 10s}
        watchers: [%s]
        """.formatted(watcherAddress));
    Path publisherKeystore = keystore(publisherKey, dir.resolve("publisher"), "publisher.json", "publisher-password");
    Path publisherPassword = Files.writeString(dir.resolve("publisher").resolve("secret.txt"), "publisher-password\n");
    Path job = Files.writeString(dir.resolve("publisher").resolve("job.yaml"), """
        name: pi-for-the-provider
        sample: pi
        args:
          range: {from: 1, to: 6}
          template: ["300000", "{i}"]
        reduce: {sample: pisum}
        maxPricePerMegaFuel: 1000000000
        budget: "1"
        replication: 0
        biddingWindow: 1s
        """);

    try (ZennetProcess agent = ZennetProcess.start("provider", dir.resolve("provider.log"), List.of(),
        "provide", "--config", file.toString(), "--home", dir.resolve("home").toString())) {
      Matcher ready = agent.awaitReady(READY, START);
      assertThat(ready.group(1)).isEqualTo(provider());
      assertThat(ready.group(2)).startsWith("/ip4/127.0.0.1/tcp/").contains("/p2p/16Uiu2");
      Matcher measured = agent.awaitLine(BENCHMARK, Duration.ofSeconds(5));
      assertThat(measured).as("fuelPerSecond 0 (the default): measured at start-up").isNotNull();
      assertThat(Long.parseLong(measured.group(1).replace(",", ""))).isPositive();
      int metricsPort = Integer.parseInt(agent.awaitLine(METRICS, Duration.ofSeconds(5)).group(1));
      assertThat(Files.exists(providerDir.resolve("data").resolve("provider.sqlite"))).isTrue();

      BigInteger before;
      try (ZennetContracts contracts = ZennetContracts.connect(deployment, publisherKey)) {
        before = contracts.xen().balanceOf(provider()).get();
      }
      try (ZennetProcess publisher = ZennetProcess.start("publisher", dir.resolve("publisher.log"), List.of(),
          "publish", job.toString(), "--keystore", publisherKeystore.toString(), "--password-file",
          publisherPassword.toString(), "--deployment", dir.resolve("deployment.json").toString(), "--home",
          dir.resolve("publisher").resolve("home").toString(), "--output", dir.resolve("out").toString(),
          "--close-grace", "30")) {
        assertThat(publisher.awaitExit(Duration.ofMinutes(4))).as(publisher.lastLines(30)).contains(0);
      }
      JsonNode summary = new ObjectMapper().readTree(dir.resolve("out").resolve("summary.json").toFile());
      JsonNode share = summary.path("providers").get(0);
      assertThat(share.path("provider").asText()).isEqualTo(provider());
      assertThat(share.path("tasksPaid").asLong()).isEqualTo(6);
      BigInteger paid = new BigInteger(share.path("paidWei").asText());
      BigInteger channel = new BigInteger(share.path("channelId").asText());
      assertThat(paid).isPositive();

      // the job's end closes the channel with the provider's best voucher
      assertThat(agent.awaitLine(Pattern.compile("job \\d+ finished: channel " + channel + " closed, "
          + Pattern.quote(Xen.format(paid)) + " XEN paid for 6 tasks"), Duration.ofSeconds(60)))
          .as(agent.lastLines(20)).isNotNull();
      // the vouchers went to the watcher too: it holds them, or, when the provider's connection to it came only
      // after the close (a loaded machine), it refuses them as closed; either way over the real protocol
      Pattern held = Pattern.compile("channel " + channel + ": holding [0-9.]+ XEN for " + provider());
      Pattern refusedAsClosed = Pattern.compile("watcher " + Pattern.quote(watcherAddress) + " refused channel "
          + channel + ": DELEGATE_NACK_REASON_CHANNEL_CLOSED");
      long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      boolean delegated = false;
      while (!delegated && System.nanoTime() < until) {
        delegated = printed(watcher, held) || printed(agent, refusedAsClosed);
      }
      assertThat(delegated).as("provider:\n%s\nwatcher:\n%s", agent.lastLines(20), watcher.lastLines(20)).isTrue();
      try (ZennetContracts contracts = ZennetContracts.connect(deployment, publisherKey)) {
        assertThat(contracts.xen().balanceOf(provider()).get().subtract(before)).as("paid to the wei").isEqualTo(paid);
        assertThat(contracts.channels().channelInfo(channel).get().state()).isEqualTo(ChannelInfo.State.CLOSED);
      }

      // status reads the database while the agent runs: a table, and JSON
      Run table = ZennetCliIT.zennet("provide", "status", "--config", file.toString());
      assertThat(table.exit()).as(table.err()).isZero();
      assertThat(table.out()).contains("publisher", "earned XEN", "CLOSED", publisherKey.getAddress().toLowerCase(
          Locale.ROOT), "1 jobs; earned " + Xen.format(paid) + " XEN, redeemed " + Xen.format(paid)
          + " XEN, unredeemed 0 XEN");
      Run json = ZennetCliIT.zennet("provide", "status", "--config", file.toString(), "--json");
      assertThat(json.exit()).as(json.err()).isZero();
      JsonNode doc = new ObjectMapper().readTree(json.out());
      assertThat(doc.path("database").asText()).endsWith("provider.sqlite");
      assertThat(doc.path("earned").asText()).isEqualTo(Xen.format(paid));
      assertThat(doc.path("redeemed").asText()).isEqualTo(Xen.format(paid));
      assertThat(doc.path("unredeemed").asText()).isEqualTo("0");
      JsonNode row = doc.path("jobs").get(0);
      assertThat(row.path("job").asText()).isEqualTo(summary.path("jobId").asText());
      assertThat(row.path("state").asText()).isEqualTo("CLOSED");
      assertThat(row.path("channel").asText()).isEqualTo(channel.toString());
      assertThat(row.path("tasks").asLong()).isEqualTo(6);
      assertThat(row.path("fuel").asLong()).isEqualTo(summary.path("totalFuel").asLong());
      assertThat(row.path("pricePerMegaFuel").asText()).isEqualTo("1000000000");
      assertThat(row.path("closed").asBoolean()).isTrue();

      // the metrics endpoint counts the same
      HttpResponse<String> metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + metricsPort + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.headers().firstValue("content-type").orElse("")).startsWith("text/plain");
      assertThat(metric(metrics.body(), "zennet_provider_tasks_total")).isEqualTo(6);
      assertThat(metric(metrics.body(), "zennet_provider_fuel_total")).isEqualTo(summary.path("totalFuel").asDouble());
      assertThat(metric(metrics.body(), "zennet_provider_jobs_total{outcome=\"agreed\"}")).isEqualTo(1);
      assertThat(metric(metrics.body(), "zennet_provider_earned_xen"))
          .isEqualTo(new java.math.BigDecimal(paid).movePointLeft(18).doubleValue());
      assertThat(metric(metrics.body(), "zennet_provider_unredeemed_xen")).isZero();
      assertThat(metric(metrics.body(), "zennet_provider_actions_total{kind=\"delegate\",result=\"ok\"}"))
          .isPositive();

      assertThat(agent.stop(Duration.ofSeconds(30))).as(agent.lastLines(10)).isZero();
      assertThat(agent.awaitLine(Pattern.compile("^provider stopped$"), Duration.ofSeconds(10)))
          .as(agent.lastLines(10)).isNotNull();
    }
  }

  /** Whether {@code process} printed such a line (within a moment). */
  private static boolean printed(ZennetProcess process, Pattern pattern) throws InterruptedException {
    try {
      return process.awaitLine(pattern, Duration.ofMillis(200)) != null;
    } catch (java.util.concurrent.TimeoutException notYet) {
      return false;
    }
  }

  /** The value of one series in a Prometheus text. */
  static double metric(String text, String series) {
    return text.lines().filter(l -> l.startsWith(series + " "))
        .map(l -> Double.parseDouble(l.substring(series.length() + 1))).findFirst()
        .orElseThrow(() -> new AssertionError("no series " + series + " in:\n" + text));
  }
}
