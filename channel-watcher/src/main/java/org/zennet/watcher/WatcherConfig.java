package org.zennet.watcher;

import java.math.BigInteger;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.zennet.contracts.Xen;

/**
 * How a channel watcher runs: the YAML file of {@code zennet watch --config} (docs/watcher.md), one field per
 * record component. Relative paths are resolved against the file's folder by the reader; every rule broken
 * is reported naming its field.
 *
 * @param keystore the account that pays the gas of {@code redeemMany} (its key is also the watcher's libp2p identity)
 * @param passwordFile the keystore password's file (or {@code passwordEnv}; the command line's options win)
 * @param passwordEnv the environment variable holding the keystore password
 * @param deployment the deployment descriptor (chain, contracts)
 * @param rpcUrl the node's HTTP JSON-RPC endpoint, when it is not the deployment's
 * @param wsUrl the node's WebSocket endpoint, when it is not the deployment's
 * @param listen where providers reach the watcher ({@code /zennet/watch/1.0.0})
 * @param announce the address to give providers when it differs from {@code listen} (NAT, 0.0.0.0)
 * @param httpHost the interface of the HTTP API (health, metrics, status)
 * @param httpPort its port; 0 for any free one
 * @param dataDir where {@code watcher.sqlite} lives; null: the command's default ({@code <home>/watcher})
 * @param safetyMargin a redeem is due at the latest this long before {@code closesAt}; the watcher redeems as soon
 *     as it learns of a close, and goes first for what is nearest its margin
 * @param redeemThreshold XEN; above zero, a channel is also redeemed once what it holds unredeemed passes this
 * @param batchSize the most vouchers one {@code redeemMany} carries
 * @param batchWindow how long the first due voucher waits for others to share its transaction
 * @param retryBackoff the first pause after a failed redeem (doubling up to {@code retryBackoffMax})
 * @param retryBackoffMax the longest pause between redeem attempts
 */
public record WatcherConfig(Path keystore, Path passwordFile, String passwordEnv, Path deployment, URI rpcUrl,
    URI wsUrl, String listen, String announce, String httpHost, Integer httpPort, Path dataDir, Duration safetyMargin,
    String redeemThreshold, Integer batchSize, Duration batchWindow, Duration retryBackoff, Duration retryBackoffMax) {
  public static final String DEFAULT_LISTEN = "/ip4/0.0.0.0/tcp/0";
  public static final String DEFAULT_HTTP_HOST = "127.0.0.1";
  public static final int DEFAULT_HTTP_PORT = 0;
  public static final Duration DEFAULT_SAFETY_MARGIN = Duration.ofMinutes(10);
  public static final String DEFAULT_REDEEM_THRESHOLD = "0";
  public static final int DEFAULT_BATCH_SIZE = 50;
  /** What one {@code redeemMany} may carry at most (the contract's batch limit is for openChannels; gas is the bound). */
  public static final int MAX_BATCH_SIZE = 500;
  public static final Duration DEFAULT_BATCH_WINDOW = Duration.ofMillis(500);
  public static final Duration DEFAULT_RETRY_BACKOFF = Duration.ofSeconds(1);
  public static final Duration DEFAULT_RETRY_BACKOFF_MAX = Duration.ofSeconds(30);
  /** The database file in {@link #dataDir}. */
  public static final String DATABASE_FILE = "watcher.sqlite";

  public WatcherConfig {
    if (keystore == null) {
      throw new IllegalArgumentException("keystore: required (the keystore of the account that pays for redeemMany)");
    }
    if (deployment == null) {
      throw new IllegalArgumentException("deployment: required (the deployment descriptor, e.g. ../deployment.json)");
    }
    if (passwordFile != null && passwordEnv != null) {
      throw new IllegalArgumentException("passwordFile and passwordEnv: give the password one way, not both");
    }
    requireScheme("rpcUrl", rpcUrl, "http", "https");
    requireScheme("wsUrl", wsUrl, "ws", "wss");
    listen = listen == null ? DEFAULT_LISTEN : listen;
    httpHost = httpHost == null ? DEFAULT_HTTP_HOST : httpHost;
    httpPort = httpPort == null ? DEFAULT_HTTP_PORT : httpPort;
    if (httpPort < 0 || httpPort > 65_535) {
      throw new IllegalArgumentException("httpPort: must be 0..65535 (0 for any free port), got " + httpPort);
    }
    safetyMargin = positiveOrZero("safetyMargin", safetyMargin, DEFAULT_SAFETY_MARGIN);
    redeemThreshold = redeemThreshold == null ? DEFAULT_REDEEM_THRESHOLD : redeemThreshold.trim();
    try {
      if (Xen.parse(redeemThreshold).signum() < 0) {
        throw new IllegalArgumentException("negative");
      }
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("redeemThreshold: an amount of XEN, 0 or more (e.g. \"2.5\"), got '"
          + redeemThreshold + "'");
    }
    batchSize = batchSize == null ? DEFAULT_BATCH_SIZE : batchSize;
    if (batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
      throw new IllegalArgumentException("batchSize: must be 1.." + MAX_BATCH_SIZE + ", got " + batchSize);
    }
    batchWindow = positiveOrZero("batchWindow", batchWindow, DEFAULT_BATCH_WINDOW);
    retryBackoff = positiveOrZero("retryBackoff", retryBackoff, DEFAULT_RETRY_BACKOFF);
    if (retryBackoff.isZero()) {
      throw new IllegalArgumentException("retryBackoff: must be above zero");
    }
    retryBackoffMax = positiveOrZero("retryBackoffMax", retryBackoffMax, DEFAULT_RETRY_BACKOFF_MAX);
    if (retryBackoffMax.compareTo(retryBackoff) < 0) {
      throw new IllegalArgumentException("retryBackoffMax: must be at least retryBackoff (" + retryBackoff + "), got "
          + retryBackoffMax);
    }
  }

  /** A configuration with every optional field at its default. */
  public static WatcherConfig defaults(Path keystore, Path deployment, Path dataDir) {
    return new WatcherConfig(keystore, null, null, deployment, null, null, null, null, null, null, dataDir, null, null,
        null, null, null, null);
  }

  /** The redeem threshold in wei (zero: redeem only on a close). */
  public BigInteger redeemThresholdWei() {
    return Xen.parse(redeemThreshold);
  }

  /** This configuration with its data in {@code dir}. */
  public WatcherConfig withDataDir(Path dir) {
    return new WatcherConfig(keystore, passwordFile, passwordEnv, deployment, rpcUrl, wsUrl, listen, announce, httpHost,
        httpPort, dir, safetyMargin, redeemThreshold, batchSize, batchWindow, retryBackoff, retryBackoffMax);
  }

  /** This configuration listening on {@code address} for providers. */
  public WatcherConfig withListen(String address) {
    return new WatcherConfig(keystore, passwordFile, passwordEnv, deployment, rpcUrl, wsUrl, address, announce, httpHost,
        httpPort, dataDir, safetyMargin, redeemThreshold, batchSize, batchWindow, retryBackoff, retryBackoffMax);
  }

  /** This configuration with other chain endpoints (null keeps the deployment's). */
  public WatcherConfig withEndpoints(URI rpc, URI ws) {
    return new WatcherConfig(keystore, passwordFile, passwordEnv, deployment, rpc, ws, listen, announce, httpHost,
        httpPort, dataDir, safetyMargin, redeemThreshold, batchSize, batchWindow, retryBackoff, retryBackoffMax);
  }

  /** This configuration redeeming in batches of {@code size} after {@code window}, with this threshold (XEN). */
  public WatcherConfig withRedeeming(int size, Duration window, String threshold) {
    return new WatcherConfig(keystore, passwordFile, passwordEnv, deployment, rpcUrl, wsUrl, listen, announce, httpHost,
        httpPort, dataDir, safetyMargin, threshold, size, window, retryBackoff, retryBackoffMax);
  }

  /** This configuration retrying failed redeems after {@code first}, doubling up to {@code max}. */
  public WatcherConfig withRetry(Duration first, Duration max) {
    return new WatcherConfig(keystore, passwordFile, passwordEnv, deployment, rpcUrl, wsUrl, listen, announce, httpHost,
        httpPort, dataDir, safetyMargin, redeemThreshold, batchSize, batchWindow, first, max);
  }

  private static void requireScheme(String field, URI uri, String... schemes) {
    if (uri == null) {
      return;
    }
    for (String s : schemes) {
      if (s.equalsIgnoreCase(uri.getScheme()) && uri.getHost() != null) {
        return;
      }
    }
    throw new IllegalArgumentException(field + ": must be a " + String.join(" or ", schemes) + " URL with a host, got '"
        + uri + "'");
  }

  private static Duration positiveOrZero(String field, Duration value, Duration fallback) {
    if (value == null) {
      return fallback;
    }
    if (value.isNegative()) {
      throw new IllegalArgumentException(field + ": must not be negative, got " + value);
    }
    return value;
  }
}
