package org.zennet.besu.qbft;

import java.math.BigInteger;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.web3j.crypto.WalletUtils;

/**
 * What {@code zennet chain init} generates: a Besu QBFT network of {@code validators} nodes on one host.
 * Node {@code i} (from 0) listens for P2P on {@code p2pPortBase + i}, for HTTP JSON-RPC on
 * {@code rpcPortBase + 2i}, for WebSocket JSON-RPC on {@code rpcPortBase + 2i + 1} and serves metrics on
 * {@code metricsPortBase + i}.
 *
 * @param validators how many validator nodes (1 works; 4 tolerate one faulty validator)
 * @param blockPeriodSeconds QBFT's {@code blockperiodseconds}: the minimum time between blocks
 * @param chainId the EIP-155 chain id
 * @param alloc gas-coin balances in wei at genesis, by lower-case 0x address (may be empty: gas is free)
 * @param epochLength QBFT's {@code epochlength}: blocks after which pending validator votes are dropped
 * @param requestTimeoutSeconds QBFT's {@code requesttimeoutseconds}: the first round's timeout
 * @param gasLimit the block gas limit
 * @param host the address the nodes listen on and advertise (loopback for a single-host network)
 * @param p2pPortBase the first node's P2P port
 * @param rpcPortBase the first node's HTTP JSON-RPC port
 * @param metricsPortBase the first node's Prometheus metrics port
 * @param besuImage the pinned Docker image of the compose file
 * @param dockerSubnet the first three octets of the compose network's /24 subnet; node i gets {@code .(11 + i)}
 */
public record QbftNetworkSpec(
    int validators,
    int blockPeriodSeconds,
    long chainId,
    Map<String, BigInteger> alloc,
    long epochLength,
    int requestTimeoutSeconds,
    long gasLimit,
    String host,
    int p2pPortBase,
    int rpcPortBase,
    int metricsPortBase,
    String besuImage,
    String dockerSubnet) {

  public static final int MAX_VALIDATORS = 50;
  public static final int DEFAULT_BLOCK_PERIOD_SECONDS = 1;
  /** Besu's default and the value of its documentation's examples. */
  public static final long DEFAULT_EPOCH_LENGTH = 30_000;
  /** Bounded so that a block is processed well within the block period; far above one transaction's 8 M gas. */
  public static final long DEFAULT_GAS_LIMIT = 100_000_000;
  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_P2P_PORT = 30303;
  public static final int DEFAULT_RPC_PORT = 8545;
  public static final int DEFAULT_METRICS_PORT = 9545;
  /**
   * Besu 25.12.0: the newest release before 26.1.0, whose QBFT rejects Shanghai blocks (fixed in 26.2.0 by
   * "Reintroduce NotApplicableWithdrawals withdrawals validator", besu#9830).
   */
  public static final String DEFAULT_BESU_IMAGE = "hyperledger/besu:25.12.0";
  public static final String DEFAULT_DOCKER_SUBNET = "172.16.240";

  public QbftNetworkSpec {
    if (validators < 1 || validators > MAX_VALIDATORS) {
      throw new IllegalArgumentException("--validators must be 1.." + MAX_VALIDATORS + ", got " + validators
          + " (1 validator works but tolerates no fault; 4 tolerate one faulty validator)");
    }
    if (blockPeriodSeconds < 1) {
      throw new IllegalArgumentException("--block-period must be at least 1 second, got " + blockPeriodSeconds);
    }
    if (chainId <= 0) {
      throw new IllegalArgumentException("--chain-id must be positive, got " + chainId);
    }
    if (epochLength < 1) {
      throw new IllegalArgumentException("the epoch length must be positive, got " + epochLength);
    }
    if (requestTimeoutSeconds < 1) {
      throw new IllegalArgumentException("the request timeout must be at least 1 second, got " + requestTimeoutSeconds);
    }
    if (gasLimit < 5_000 || gasLimit > 0x1fffffffffffffL) {
      throw new IllegalArgumentException("the block gas limit must be 5000..0x1fffffffffffff, got " + gasLimit);
    }
    TreeMap<String, BigInteger> balances = new TreeMap<>();
    alloc.forEach((address, wei) -> {
      if (address == null || !address.startsWith("0x") || !WalletUtils.isValidAddress(address)) {
        throw new IllegalArgumentException("--alloc: '" + address + "' is not a 0x-prefixed 20-byte hex address");
      }
      if (wei == null || wei.signum() < 0) {
        throw new IllegalArgumentException("--alloc: the balance of " + address + " must not be negative");
      }
      if (balances.put(address.toLowerCase(Locale.ROOT), wei) != null) {
        throw new IllegalArgumentException("--alloc: " + address + " is given twice");
      }
    });
    alloc = Collections.unmodifiableMap(balances);
    checkPorts("P2P", p2pPortBase, validators, validators);
    checkPorts("RPC", rpcPortBase, 2 * validators, validators);
    checkPorts("metrics", metricsPortBase, validators, validators);
    if (overlap(p2pPortBase, validators, rpcPortBase, 2 * validators)
        || overlap(p2pPortBase, validators, metricsPortBase, validators)
        || overlap(rpcPortBase, 2 * validators, metricsPortBase, validators)) {
      throw new IllegalArgumentException("the P2P ports " + range(p2pPortBase, validators) + ", RPC ports "
          + range(rpcPortBase, 2 * validators) + " and metrics ports " + range(metricsPortBase, validators) + " overlap");
    }
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("the host must be an IP address");
    }
    if (besuImage == null || !besuImage.matches("[a-z0-9./_-]+:[0-9][A-Za-z0-9._-]*")) {
      throw new IllegalArgumentException("the Besu image must be pinned to a version (name:1.2.3), got " + besuImage);
    }
    if (dockerSubnet == null || !dockerSubnet.matches("\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}")) {
      throw new IllegalArgumentException("the Docker subnet is three octets such as 172.16.240, got " + dockerSubnet);
    }
  }

  /** A network with the defaults for everything but what {@code zennet chain init} asks for. */
  public static QbftNetworkSpec of(int validators, int blockPeriodSeconds, long chainId, Map<String, BigInteger> alloc) {
    return new QbftNetworkSpec(validators, blockPeriodSeconds, chainId, alloc, DEFAULT_EPOCH_LENGTH,
        defaultRequestTimeout(blockPeriodSeconds), DEFAULT_GAS_LIMIT, DEFAULT_HOST, DEFAULT_P2P_PORT,
        DEFAULT_RPC_PORT, DEFAULT_METRICS_PORT, DEFAULT_BESU_IMAGE, DEFAULT_DOCKER_SUBNET);
  }

  /**
   * Besu's tuning advice: start at twice the block period, then lower it until round changes appear. Never
   * below 4 s (the value of Besu's QBFT tutorial), so that a loaded laptop or CI machine does not change rounds.
   */
  public static int defaultRequestTimeout(int blockPeriodSeconds) {
    return Math.max(4, 2 * blockPeriodSeconds);
  }

  public QbftNetworkSpec withPorts(int p2p, int rpc, int metrics) {
    return new QbftNetworkSpec(validators, blockPeriodSeconds, chainId, alloc, epochLength, requestTimeoutSeconds,
        gasLimit, host, p2p, rpc, metrics, besuImage, dockerSubnet);
  }

  /** How many validators may fail (crash or lie) with blocks still being made: {@code (n - 1) / 3}. */
  public int faultTolerance() {
    return (validators - 1) / 3;
  }

  /** How many validators must sign each block: QBFT's quorum, {@code ceil(2n / 3)}. */
  public int quorum() {
    return (2 * validators + 2) / 3;
  }

  public int p2pPort(int node) {
    return p2pPortBase + node;
  }

  public int rpcHttpPort(int node) {
    return rpcPortBase + 2 * node;
  }

  public int rpcWsPort(int node) {
    return rpcPortBase + 2 * node + 1;
  }

  public int metricsPort(int node) {
    return metricsPortBase + node;
  }

  /** The node's address on the compose file's network. */
  public String dockerIp(int node) {
    return dockerSubnet + "." + (11 + node);
  }

  private static void checkPorts(String what, int base, int count, int validators) {
    if (base < 1024 || base + count - 1 > 65535) {
      throw new IllegalArgumentException("the " + what + " ports of " + validators + " nodes, " + range(base, count)
          + ", must lie within 1024..65535");
    }
  }

  private static boolean overlap(int a, int aCount, int b, int bCount) {
    return a < b + bCount && b < a + aCount;
  }

  private static String range(int base, int count) {
    return base + ".." + (base + count - 1);
  }
}
