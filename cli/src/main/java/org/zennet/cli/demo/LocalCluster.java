package org.zennet.cli.demo;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.web3j.crypto.exception.CipherException;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.WalletUtils;
import org.zennet.besu.DevNetwork;
import org.zennet.cli.process.ZennetProcess;
import org.zennet.contracts.deploy.Deployment;
import org.zennet.contracts.devchain.DevChainConfig;

/**
 * A whole market on one machine: a throw-away dev chain with the contracts deployed, and the agents as
 * separate {@code zennet} processes — a channel watcher and any number of providers, each with its own
 * key, port, SQLite file and log. The publisher's key is here too, for a publisher run in this JVM or as a
 * process. Used by {@code zennet demo}, {@code zennet bench jobs} and the end-to-end tests.
 *
 * <p>Layout of its folder: {@code deployment.json}, {@code password.txt} (every keystore's password),
 * {@code keys/NAME.json} (light-scrypt keystores), {@code NAME/NAME.yaml} and {@code NAME/data/} per agent,
 * {@code logs/NAME.log}. Dev accounts: 0 deploys (the treasury), 1 publishes, 2 watches, 3... provide.
 */
public final class LocalCluster implements AutoCloseable {
  /** A provider's line once it listens: {@code provider 0x... ready on <multiaddr>}. */
  public static final Pattern PROVIDER_READY = Pattern.compile("^provider (0x[0-9a-f]{40}) ready on (\\S+)$");
  /** A watcher's line once it listens: {@code watcher 0x... ready on <multiaddr> http <url>}. */
  public static final Pattern WATCHER_READY = Pattern.compile("^watcher (0x[0-9a-f]{40}) ready on (\\S+) http (\\S+)$");
  /** How long an agent may take from its start to its ready line (JVM, keystore, self-benchmark). */
  public static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
  /** The JVM options of each agent: small heaps, so that a dozen fit beside the chain on a laptop. */
  public static final List<String> AGENT_JVM = List.of("-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
  /** Dev accounts not used by providers: the treasury, the publisher and the watcher. */
  public static final int FIXED_ACCOUNTS = 3;
  /** The most providers one cluster holds (anvil's dev accounts are cheap, but every provider is a JVM). */
  public static final int MAX_PROVIDERS = 32;
  static final String PASSWORD = "zennet-local-cluster";
  private static final int PUBLISHER_ACCOUNT = 1;
  private static final int WATCHER_ACCOUNT = 2;

  private final Path dir;
  private final DevNetwork network;
  private final Path deploymentFile;
  private final Path passwordFile;
  private final List<Provider> providers = new ArrayList<>();
  private Watcher watcher;

  /**
   * A provider's settings in the cluster.
   *
   * @param rpcUrl the chain's HTTP JSON-RPC URL when it is not the deployment's (a proxy in front of it); or null
   * @param wsUrl the chain's WebSocket URL when it is not the deployment's; or null
   * @param publisherIdle how long a publisher may be unreachable during a job before the provider closes its
   *     channel; null for the agent's default
   * @param paymentBehind how long a publisher may stay more than one increment behind; null for the default
   */
  public record ProviderSettings(BigInteger priceFloor, int slots, long fuelPerSecond, boolean delegateToWatcher,
      URI rpcUrl, URI wsUrl, Duration publisherIdle, Duration paymentBehind) {
    /** A floor of 1 gwei per mega-fuel, one slot, fuel per second measured at start-up, delegating to the watcher. */
    public static final ProviderSettings DEFAULT = new ProviderSettings(BigInteger.valueOf(1_000_000_000L), 1, 0, true,
        null, null, null, null);

    public ProviderSettings {
      if (priceFloor == null || priceFloor.signum() < 0) {
        throw new IllegalArgumentException("priceFloor: must be 0 or more wei per million fuel, got " + priceFloor);
      }
      if (slots < 1) {
        throw new IllegalArgumentException("slots: must be at least 1, got " + slots);
      }
      if (fuelPerSecond < 0) {
        throw new IllegalArgumentException("fuelPerSecond: must be 0 (measure) or more, got " + fuelPerSecond);
      }
      if ((rpcUrl == null) != (wsUrl == null)) {
        throw new IllegalArgumentException("rpcUrl and wsUrl: give both or neither, got " + rpcUrl + " and " + wsUrl);
      }
    }

    /** Settings with the chain at the deployment's URLs and the agent's default timeouts. */
    public ProviderSettings(BigInteger priceFloor, int slots, long fuelPerSecond, boolean delegateToWatcher) {
      this(priceFloor, slots, fuelPerSecond, delegateToWatcher, null, null, null, null);
    }

    /** These settings with another price floor (XEN wei per million fuel). */
    public ProviderSettings withPriceFloor(BigInteger floor) {
      return new ProviderSettings(floor, slots, fuelPerSecond, delegateToWatcher, rpcUrl, wsUrl, publisherIdle,
          paymentBehind);
    }

    /** These settings with another number of slots. */
    public ProviderSettings withSlots(int n) {
      return new ProviderSettings(priceFloor, n, fuelPerSecond, delegateToWatcher, rpcUrl, wsUrl, publisherIdle,
          paymentBehind);
    }

    /** These settings with a fixed fuel per second (no self-benchmark at start-up, which saves a second or two). */
    public ProviderSettings withFuelPerSecond(long fuel) {
      return new ProviderSettings(priceFloor, slots, fuel, delegateToWatcher, rpcUrl, wsUrl, publisherIdle,
          paymentBehind);
    }

    /** These settings with the chain reached at other URLs than the deployment's (a proxy, another node). */
    public ProviderSettings withRpc(URI http, URI ws) {
      return new ProviderSettings(priceFloor, slots, fuelPerSecond, delegateToWatcher, http, ws, publisherIdle,
          paymentBehind);
    }

    /** These settings with the agent's publisherIdle and paymentBehind timeouts. */
    public ProviderSettings withPublisherTimeouts(Duration idle, Duration behind) {
      return new ProviderSettings(priceFloor, slots, fuelPerSecond, delegateToWatcher, rpcUrl, wsUrl, idle, behind);
    }
  }

  /** A provider agent of the cluster: its account, config and, while it runs, its process. */
  public final class Provider {
    private final int index;
    private final Credentials key;
    private final Path config;
    private ZennetProcess process;
    private String multiaddr;

    private Provider(int index, Credentials key, Path config) {
      this.index = index;
      this.key = key;
      this.config = config;
    }

    /** @return {@code provider-N}, N from 1 */
    public String name() {
      return "provider-" + index;
    }

    /** @return its account, lower case */
    public String address() {
      return key.getAddress().toLowerCase(Locale.ROOT);
    }

    public Credentials key() {
      return key;
    }

    /** @return its YAML config */
    public Path config() {
      return config;
    }

    /** @return its SQLite file */
    public Path database() {
      return config.getParent().resolve("data").resolve("provider.sqlite");
    }

    /** @return the running process; null when stopped */
    public ZennetProcess process() {
      return process;
    }

    /** @return the multiaddr it printed when it last became ready */
    public String multiaddr() {
      return multiaddr;
    }

    /** Starts the agent (again, after a stop or a kill: it resumes from its database) and waits for its ready line. */
    public Provider start() throws Exception {
      launch();
      return awaitReady();
    }

    private void launch() throws IOException {
      if (process != null && process.isAlive()) {
        throw new IllegalStateException(name() + " is already running (pid " + process.pid() + ")");
      }
      process = ZennetProcess.start(name(), nextLog(name()), AGENT_JVM, "provide", "--config", config.toString());
    }

    private Provider awaitReady() throws Exception {
      Matcher ready = process.awaitReady(PROVIDER_READY, READY_TIMEOUT);
      if (!ready.group(1).equals(address())) {
        throw new IllegalStateException(name() + " runs as " + ready.group(1) + ", expected " + address());
      }
      multiaddr = ready.group(2);
      return this;
    }

    /** Stops the agent with SIGTERM (it finishes or hands back its tasks and commits its state). */
    public int stop() throws InterruptedException {
      return process == null ? 0 : process.stop(ZennetProcess.STOP_GRACE);
    }

    /** Kills the agent with SIGKILL, as a crash or a pulled plug would. */
    public int kill() throws InterruptedException {
      return process == null ? 0 : process.kill();
    }
  }

  /** The channel watcher of the cluster. */
  public record Watcher(ZennetProcess process, String address, String multiaddr, String httpUrl) {}

  private LocalCluster(Path dir, DevNetwork network, Path deploymentFile, Path passwordFile) {
    this.dir = dir;
    this.network = network;
    this.deploymentFile = deploymentFile;
    this.passwordFile = passwordFile;
  }

  /**
   * Starts a dev chain with enough accounts for {@code maxProviders}, deploys the contracts and writes the
   * publisher's keystore; no agent runs yet.
   *
   * @param dir the cluster's folder, created; it should be empty
   * @param chain the dev chain's settings (block time, port); the number of accounts is set here
   */
  public static LocalCluster start(Path dir, DevChainConfig chain, int maxProviders) throws Exception {
    if (maxProviders < 1 || maxProviders > MAX_PROVIDERS) {
      throw new IllegalArgumentException("providers: 1.." + MAX_PROVIDERS + ", got " + maxProviders);
    }
    Path home = Files.createDirectories(dir).toAbsolutePath();
    DevNetwork network = DevNetwork.start(chain.withAccounts(FIXED_ACCOUNTS + maxProviders));
    try {
      Path deployment = home.resolve("deployment.json");
      network.deployment().write(deployment);
      Path password = home.resolve("password.txt");
      Files.writeString(password, PASSWORD + "\n");
      LocalCluster cluster = new LocalCluster(home, network, deployment, password);
      cluster.keystore("publisher", cluster.publisherKey());
      return cluster;
    } catch (Exception e) {
      network.close();
      throw e;
    }
  }

  /** Deletes {@code dir} and everything under it, when it exists: a cluster's folder is thrown away. */
  public static Path freshDir(Path dir) throws IOException {
    if (Files.exists(dir)) {
      try (Stream<Path> all = Files.walk(dir)) {
        for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
    return Files.createDirectories(dir);
  }

  public Path dir() {
    return dir;
  }

  public DevNetwork network() {
    return network;
  }

  public Deployment deployment() {
    return network.deployment();
  }

  public Path deploymentFile() {
    return deploymentFile;
  }

  /** @return the file with every keystore's password */
  public Path passwordFile() {
    return passwordFile;
  }

  public Credentials publisherKey() {
    return network.chain().devKeys().get(PUBLISHER_ACCOUNT);
  }

  /** @return the publisher's keystore, for {@code zennet publish --keystore} */
  public Path publisherKeystore() {
    return dir.resolve("keys").resolve("publisher.json");
  }

  public Credentials watcherKey() {
    return network.chain().devKeys().get(WATCHER_ACCOUNT);
  }

  /** @return the watcher; null until {@link #startWatcher} */
  public Watcher watcher() {
    return watcher;
  }

  /** @return the providers added so far, in order */
  public List<Provider> providers() {
    return List.copyOf(providers);
  }

  /** Starts the channel watcher and waits until it is ready. */
  public Watcher startWatcher() throws Exception {
    return startWatcher(null, null);
  }

  /**
   * Starts the channel watcher, reaching the chain at {@code rpcUrl} and {@code wsUrl} (a proxy in front of the
   * chain, say) instead of the deployment's URLs when they are given, and waits until it is ready.
   */
  public Watcher startWatcher(URI rpcUrl, URI wsUrl) throws Exception {
    if ((rpcUrl == null) != (wsUrl == null)) {
      throw new IllegalArgumentException("rpcUrl and wsUrl: give both or neither, got " + rpcUrl + " and " + wsUrl);
    }
    if (watcher != null) {
      throw new IllegalStateException("the cluster's watcher already runs");
    }
    Path home = Files.createDirectories(dir.resolve("watcher"));
    keystore("watcher", watcherKey());
    Path config = home.resolve("watcher.yaml");
    Files.writeString(config, """
        # written by zennet's local cluster; see docs/watcher.md
        keystore: ../keys/watcher.json
        passwordFile: ../password.txt
        deployment: ../deployment.json
        listen: /ip4/127.0.0.1/tcp/0
        httpHost: 127.0.0.1
        httpPort: 0
        dataDir: data
        batchWindow: 200ms
        """ + (rpcUrl == null ? "" : "rpcUrl: " + rpcUrl + "\nwsUrl: " + wsUrl + "\n"));
    ZennetProcess process = ZennetProcess.start("watcher", nextLog("watcher"), AGENT_JVM, "watch", "--config",
        config.toString());
    try {
      Matcher ready = process.awaitReady(WATCHER_READY, READY_TIMEOUT);
      watcher = new Watcher(process, ready.group(1), ready.group(2), ready.group(3));
      return watcher;
    } catch (Exception e) {
      process.kill();
      throw e;
    }
  }

  /**
   * Writes a copy of the deployment descriptor whose RPC URLs are {@code rpcUrl} and {@code wsUrl} (a proxy in
   * front of the chain, say), for an agent given {@code --deployment}.
   *
   * @return {@code deployment-NAME.json} in the cluster's folder
   */
  public Path deploymentVia(String name, URI rpcUrl, URI wsUrl) throws IOException {
    Deployment d = deployment();
    Path file = dir.resolve("deployment-" + name + ".json");
    new Deployment(d.chainId(), rpcUrl, wsUrl, d.deploymentBlock(), d.contracts()).write(file);
    return file;
  }

  /** @return the folder of the publisher run as a process ({@code publisher.sqlite} is in it) */
  public Path publisherHome() {
    return dir.resolve("publisher-process");
  }

  /**
   * Starts {@code zennet publish JOB} as a child process with the publisher's keystore, its state in
   * {@link #publisherHome()} (so that starting it again with the same job file resumes the job), so that a test
   * can SIGKILL it. It returns at once; wait for its lines with {@link ZennetProcess#awaitLine}.
   *
   * @param deployment the deployment descriptor it reads ({@link #deploymentFile()} or a {@link #deploymentVia} copy)
   * @param options more options of {@code zennet publish} ({@code --close-grace 5})
   */
  public ZennetProcess startPublisher(Path jobFile, Path deployment, String... options) throws IOException {
    List<String> args = new ArrayList<>(List.of("publish", jobFile.toString(), "--keystore",
        publisherKeystore().toString(), "--password-file", passwordFile.toString(), "--deployment",
        deployment.toString(), "--home", Files.createDirectories(publisherHome()).toString()));
    args.addAll(List.of(options));
    return ZennetProcess.start("publisher", nextLog("publisher"), AGENT_JVM, args.toArray(String[]::new));
  }

  /** Writes a provider's keystore and config (the next free dev account); it does not start it. */
  public Provider addProvider(ProviderSettings settings) throws IOException, CipherException {
    int index = providers.size() + 1;
    List<Credentials> keys = network.chain().devKeys();
    if (FIXED_ACCOUNTS + index > keys.size()) {
      throw new IllegalStateException("the cluster was started for " + (keys.size() - FIXED_ACCOUNTS)
          + " providers; provider " + index + " has no account");
    }
    Credentials key = keys.get(FIXED_ACCOUNTS + index - 1);
    String name = "provider-" + index;
    Path home = Files.createDirectories(dir.resolve(name));
    keystore(name, key);
    StringBuilder yaml = new StringBuilder()
        .append("# written by zennet's local cluster; see docs/provider.md\n")
        .append("keystore: ../keys/").append(name).append(".json\n")
        .append("passwordFile: ../password.txt\n")
        .append("deployment: ../deployment.json\n")
        .append("dataDir: data\n")
        .append("listen: /ip4/127.0.0.1/tcp/0\n")
        .append("priceFloor: ").append(settings.priceFloor()).append('\n')
        .append("slots: ").append(settings.slots()).append('\n')
        .append("fuelPerSecond: ").append(settings.fuelPerSecond()).append('\n')
        .append("redeemThreshold: \"0\"\n");
    if (settings.rpcUrl() != null) {
      yaml.append("rpcUrl: ").append(settings.rpcUrl()).append('\n')
          .append("wsUrl: ").append(settings.wsUrl()).append('\n');
    }
    if (settings.publisherIdle() != null || settings.paymentBehind() != null) {
      yaml.append("timeouts:\n");
      if (settings.publisherIdle() != null) {
        yaml.append("  publisherIdle: ").append(settings.publisherIdle().toMillis()).append("ms\n");
      }
      if (settings.paymentBehind() != null) {
        yaml.append("  paymentBehind: ").append(settings.paymentBehind().toMillis()).append("ms\n");
      }
    }
    if (settings.delegateToWatcher()) {
      if (watcher == null) {
        throw new IllegalStateException("start the watcher before a provider that delegates to it");
      }
      yaml.append("watchers:\n  - ").append(watcher.multiaddr()).append('\n');
    }
    Path config = home.resolve(name + ".yaml");
    Files.writeString(config, yaml.toString());
    Provider p = new Provider(index, key, config);
    providers.add(p);
    return p;
  }

  /** Adds {@code n} providers and starts them all at once; returns when every one is ready. */
  public List<Provider> startProviders(int n, ProviderSettings settings) throws Exception {
    List<Provider> started = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Provider p = addProvider(settings);
      p.launch();
      started.add(p);
    }
    for (Provider p : started) {
      p.awaitReady();
    }
    return started;
  }

  /** Stops every agent (SIGTERM, then SIGKILL after the grace period) and the chain. */
  @Override
  public void close() throws InterruptedException {
    try {
      for (Provider p : providers) {
        if (p.process != null) {
          p.process.terminate();
        }
      }
      for (Provider p : providers) {
        p.stop();
      }
      if (watcher != null) {
        watcher.process().stop(ZennetProcess.STOP_GRACE);
      }
    } finally {
      network.close();
    }
  }

  private void keystore(String name, Credentials key) throws IOException, CipherException {
    Path keys = Files.createDirectories(dir.resolve("keys"));
    Path target = keys.resolve(name + ".json");
    if (Files.exists(target)) {
      return;
    }
    // light scrypt: a dev key, opened by several processes at their start; full scrypt costs a second each
    String file = WalletUtils.generateWalletFile(PASSWORD, key.getEcKeyPair(), keys.toFile(), false);
    Files.move(keys.resolve(file), target);
  }

  /** {@code logs/NAME.log}, or {@code NAME.2.log} and so on for a restarted agent, so nothing is overwritten. */
  private Path nextLog(String name) {
    Path logs = dir.resolve("logs");
    Path log = logs.resolve(name + ".log");
    for (int i = 2; Files.exists(log); i++) {
      log = logs.resolve(name + "." + i + ".log");
    }
    return log;
  }
}
