package org.zennet.provider;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.zennet.contracts.Xen;
import org.zennet.protocol.multiaddr.Multiaddr;
import org.zennet.runtime.RuntimeConfig;
import org.zennet.runtime.TaskLimits;

/**
 * How a provider agent runs ({@code provider.yaml}, see {@code docs/provider.md}). Optional fields are null in
 * YAML and get their {@code DEFAULT_*} here; every rule is checked here and a breach names its field.
 * Relative paths are resolved against the YAML file's folder by the reader.
 *
 * @param keystore the provider's encrypted key (its account and its libp2p identity)
 * @param passwordFile the keystore password's file (or {@code passwordEnv}; flags override both)
 * @param passwordEnv the environment variable that holds the keystore password
 * @param deployment the deployment descriptor (chain id, RPC URLs, contracts)
 * @param rpcUrl overrides the deployment's HTTP JSON-RPC URL
 * @param wsUrl overrides the deployment's WebSocket URL
 * @param dataDir where {@code provider.sqlite} lives; null for {@code <home>/provider}
 * @param listen the multiaddr the provider listens on
 * @param announce the multiaddr it tells others, when it differs from {@code listen}
 * @param priceFloor the least accepted, XEN wei per million fuel
 * @param slots tasks run at once (default: the machine's processors)
 * @param fuelPerSecond one slot's fuel per second as bid; 0 measures it at start-up
 * @param maxConcurrentJobs jobs worked on at once
 * @param caps the most a job's tasks may ask for
 * @param allow publishers worked for; empty for everyone not denied
 * @param deny publishers never worked for
 * @param watchers channel watchers the latest vouchers are delegated to
 * @param redeemThreshold XEN, decimal: redeem a channel once its unredeemed vouchers pass it; "0" never early
 * @param timeouts how long things may take
 * @param metricsPort the port of the Prometheus endpoint {@code /metrics}; null for none (0 for any free one)
 */
public record ProviderConfig(
    Path keystore,
    Path passwordFile,
    String passwordEnv,
    Path deployment,
    URI rpcUrl,
    URI wsUrl,
    Path dataDir,
    String listen,
    String announce,
    BigInteger priceFloor,
    Integer slots,
    Long fuelPerSecond,
    Integer maxConcurrentJobs,
    Caps caps,
    List<String> allow,
    List<String> deny,
    List<String> watchers,
    String redeemThreshold,
    Timeouts timeouts,
    Integer metricsPort) {

  public static final String DEFAULT_LISTEN = "/ip4/0.0.0.0/tcp/0";
  public static final BigInteger DEFAULT_PRICE_FLOOR = BigInteger.valueOf(1_000_000_000L);
  public static final int DEFAULT_MAX_CONCURRENT_JOBS = 4;
  public static final String DEFAULT_REDEEM_THRESHOLD = "10";
  public static final String DATABASE_FILE = "provider.sqlite";
  private static final Pattern ADDRESS = Pattern.compile("0x[0-9a-f]{40}");

  public ProviderConfig {
    if (keystore == null) {
      throw new IllegalArgumentException("keystore: required (the provider's key file; make one with 'zennet wallet new')");
    }
    if (passwordFile != null && passwordEnv != null) {
      throw new IllegalArgumentException("passwordFile, passwordEnv: give one of them, not both");
    }
    if (deployment == null) {
      throw new IllegalArgumentException("deployment: required (the deployment descriptor, deployment.json)");
    }
    listen = listen == null ? DEFAULT_LISTEN : listen;
    multiaddr("listen", listen);
    if (announce != null) {
      multiaddr("announce", announce);
    }
    priceFloor = priceFloor == null ? DEFAULT_PRICE_FLOOR : priceFloor;
    if (priceFloor.signum() < 0) {
      throw new IllegalArgumentException("priceFloor: must not be negative (XEN wei per million fuel)");
    }
    slots = slots == null ? RuntimeConfig.DEFAULT_SLOTS : slots;
    if (slots < 1 || slots > 4096) {
      throw new IllegalArgumentException("slots: must be 1..4096, got " + slots);
    }
    fuelPerSecond = fuelPerSecond == null ? 0L : fuelPerSecond;
    if (fuelPerSecond < 0) {
      throw new IllegalArgumentException("fuelPerSecond: must be 0 (measure at start-up) or positive");
    }
    maxConcurrentJobs = maxConcurrentJobs == null ? DEFAULT_MAX_CONCURRENT_JOBS : maxConcurrentJobs;
    if (maxConcurrentJobs < 1) {
      throw new IllegalArgumentException("maxConcurrentJobs: must be a positive integer, got " + maxConcurrentJobs);
    }
    caps = caps == null ? Caps.DEFAULT : caps;
    allow = addresses("allow", allow);
    deny = addresses("deny", deny);
    watchers = watchers == null ? List.of() : List.copyOf(watchers);
    for (int i = 0; i < watchers.size(); i++) {
      Multiaddr m = multiaddr("watchers[" + i + "]", watchers.get(i));
      if (m.peerId().isEmpty()) {
        throw new IllegalArgumentException("watchers[" + i + "]: must end in /p2p/<peer id> (the watcher's key)");
      }
    }
    redeemThreshold = redeemThreshold == null ? DEFAULT_REDEEM_THRESHOLD : redeemThreshold.trim();
    try {
      if (new BigDecimal(redeemThreshold).signum() < 0) {
        throw new NumberFormatException();
      }
      Xen.parse(redeemThreshold);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("redeemThreshold: must be a decimal amount of XEN such as \"10\" or \"0.5\", got \""
          + redeemThreshold + "\"");
    }
    timeouts = timeouts == null ? Timeouts.DEFAULT : timeouts;
    if (metricsPort != null && (metricsPort < 0 || metricsPort > 65_535)) {
      throw new IllegalArgumentException("metricsPort: must be 0..65535, got " + metricsPort);
    }
  }

  /** The redeem threshold in wei; 0 means never redeem early. */
  public BigInteger redeemThresholdWei() {
    return Xen.parse(redeemThreshold);
  }

  /** The SQLite file: in {@code dataDir}, or in {@code <home>/provider} when no dataDir was given. */
  public Path database(Path home) {
    return (dataDir != null ? dataDir : home.resolve("provider")).resolve(DATABASE_FILE);
  }

  /** These settings with another data folder. */
  public ProviderConfig withDataDir(Path dir) {
    return new ProviderConfig(keystore, passwordFile, passwordEnv, deployment, rpcUrl, wsUrl, dir, listen, announce,
        priceFloor, slots, fuelPerSecond, maxConcurrentJobs, caps, allow, deny, watchers, redeemThreshold, timeouts,
        metricsPort);
  }

  /** These settings with another deny list (the agent adds publishers that stopped paying in its database). */
  public ProviderConfig withDeny(List<String> publishers) {
    return new ProviderConfig(keystore, passwordFile, passwordEnv, deployment, rpcUrl, wsUrl, dataDir, listen, announce,
        priceFloor, slots, fuelPerSecond, maxConcurrentJobs, caps, allow, publishers, watchers, redeemThreshold,
        timeouts, metricsPort);
  }

  /** These settings with other timeouts. */
  public ProviderConfig withTimeouts(Timeouts t) {
    return new ProviderConfig(keystore, passwordFile, passwordEnv, deployment, rpcUrl, wsUrl, dataDir, listen, announce,
        priceFloor, slots, fuelPerSecond, maxConcurrentJobs, caps, allow, deny, watchers, redeemThreshold, t,
        metricsPort);
  }

  private static Multiaddr multiaddr(String field, String value) {
    try {
      return Multiaddr.parse(value);
    } catch (Exception e) {
      throw new IllegalArgumentException(field + ": not a multiaddr (" + e.getMessage() + "), got \"" + value + "\"");
    }
  }

  private static List<String> addresses(String field, List<String> list) {
    if (list == null) {
      return List.of();
    }
    List<String> out = new java.util.ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      String a = list.get(i) == null ? "" : list.get(i).trim().toLowerCase(Locale.ROOT);
      if (!ADDRESS.matcher(a).matches()) {
        throw new IllegalArgumentException(field + "[" + i + "]: must be an account address, 0x and 40 hex digits, got \""
            + list.get(i) + "\"");
      }
      out.add(a);
    }
    return List.copyOf(out);
  }

  /**
   * The most a job's tasks may ask for; a job whose manifest asks for more is skipped.
   *
   * @param maxFuelPerTask the manifest's {@code fuelPerTask} at most this
   * @param maxMemoryPages its {@code memoryPages} (64 KiB each) at most this
   * @param maxTaskTimeout its {@code taskTimeoutMillis} at most this
   * @param maxOutputBytes its {@code maxOutputBytes} at most this
   * @param maxInputBytes the largest task input received
   */
  public record Caps(Long maxFuelPerTask, Integer maxMemoryPages, Duration maxTaskTimeout, Long maxOutputBytes,
      Long maxInputBytes) {
    public static final long DEFAULT_MAX_FUEL_PER_TASK = 100_000_000_000L;
    public static final int DEFAULT_MAX_MEMORY_PAGES = TaskLimits.DEFAULT_MEMORY_PAGES;
    public static final Duration DEFAULT_MAX_TASK_TIMEOUT = Duration.ofSeconds(60);
    public static final long DEFAULT_MAX_OUTPUT_BYTES = 64L << 20;
    public static final long DEFAULT_MAX_INPUT_BYTES = 64L << 20;
    public static final Caps DEFAULT = new Caps(null, null, null, null, null);

    public Caps {
      maxFuelPerTask = maxFuelPerTask == null ? DEFAULT_MAX_FUEL_PER_TASK : maxFuelPerTask;
      if (maxFuelPerTask < 1) {
        throw new IllegalArgumentException("caps.maxFuelPerTask: must be a positive integer, got " + maxFuelPerTask);
      }
      maxMemoryPages = maxMemoryPages == null ? DEFAULT_MAX_MEMORY_PAGES : maxMemoryPages;
      if (maxMemoryPages < 1 || maxMemoryPages > TaskLimits.MAX_MEMORY_PAGES) {
        throw new IllegalArgumentException("caps.maxMemoryPages: must be 1.." + TaskLimits.MAX_MEMORY_PAGES
            + " (64 KiB pages), got " + maxMemoryPages);
      }
      maxTaskTimeout = maxTaskTimeout == null ? DEFAULT_MAX_TASK_TIMEOUT : maxTaskTimeout;
      if (maxTaskTimeout.isNegative() || maxTaskTimeout.isZero()) {
        throw new IllegalArgumentException("caps.maxTaskTimeout: must be positive, got " + maxTaskTimeout);
      }
      maxOutputBytes = maxOutputBytes == null ? DEFAULT_MAX_OUTPUT_BYTES : maxOutputBytes;
      if (maxOutputBytes < 1) {
        throw new IllegalArgumentException("caps.maxOutputBytes: must be a positive integer, got " + maxOutputBytes);
      }
      maxInputBytes = maxInputBytes == null ? DEFAULT_MAX_INPUT_BYTES : maxInputBytes;
      if (maxInputBytes < 0 || maxInputBytes > org.zennet.protocol.wire.WireConfig.DEFAULT_MAX_IN_MEMORY_PAYLOAD) {
        throw new IllegalArgumentException("caps.maxInputBytes: must be 0.."
            + org.zennet.protocol.wire.WireConfig.DEFAULT_MAX_IN_MEMORY_PAYLOAD + ", got " + maxInputBytes);
      }
    }
  }

  /**
   * How long things may take.
   *
   * @param negotiation one negotiation, from the dial to the signed agreement
   * @param paymentBehind how long the publisher may stay more than one increment behind before the provider
   *     closes its channel and denies it
   * @param publisherIdle how long the publisher's connection may be gone during a job before the provider closes
   * @param redial how often a lost publisher is dialled again
   * @param stopGrace on SIGTERM, how long running tasks get to finish before they are handed back
   */
  public record Timeouts(Duration negotiation, Duration paymentBehind, Duration publisherIdle, Duration redial,
      Duration stopGrace) {
    public static final Duration DEFAULT_NEGOTIATION = Duration.ofSeconds(10);
    public static final Duration DEFAULT_PAYMENT_BEHIND = Duration.ofSeconds(30);
    public static final Duration DEFAULT_PUBLISHER_IDLE = Duration.ofSeconds(60);
    public static final Duration DEFAULT_REDIAL = Duration.ofSeconds(5);
    public static final Duration DEFAULT_STOP_GRACE = Duration.ofSeconds(20);
    public static final Timeouts DEFAULT = new Timeouts(null, null, null, null, null);

    public Timeouts {
      negotiation = positive("timeouts.negotiation", negotiation, DEFAULT_NEGOTIATION);
      paymentBehind = positive("timeouts.paymentBehind", paymentBehind, DEFAULT_PAYMENT_BEHIND);
      publisherIdle = positive("timeouts.publisherIdle", publisherIdle, DEFAULT_PUBLISHER_IDLE);
      redial = positive("timeouts.redial", redial, DEFAULT_REDIAL);
      stopGrace = stopGrace == null ? DEFAULT_STOP_GRACE : stopGrace;
      if (stopGrace.isNegative()) {
        throw new IllegalArgumentException("timeouts.stopGrace: must not be negative, got " + stopGrace);
      }
    }

    private static Duration positive(String field, Duration value, Duration fallback) {
      Duration d = value == null ? fallback : value;
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(field + ": must be positive, got " + d);
      }
      return d;
    }
  }
}
