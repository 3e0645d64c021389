package org.zennet.contracts.devchain;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * How to start the embedded development chain (Foundry's anvil).
 *
 * @param chainId the EIP-155 chain id
 * @param host the loopback address to listen on
 * @param port the RPC port; 0 picks a free one
 * @param accounts how many funded dev accounts to create (anvil's well-known test mnemonic)
 * @param blockTime empty for automine (a block per transaction), else the interval between blocks
 * @param workDir where the log and account files go; empty for a fresh temporary folder
 * @param startupTimeout how long to wait for the chain to answer JSON-RPC
 * @param zeroGasPrice a free-gas chain like our Besu networks: base fee 0, gas price 0, no minimum tip
 *     ({@code eth_gasPrice} answers 0)
 * @param genesis a genesis file for anvil to start from ({@code anvil --init}), such as the {@code genesis.json} of
 *     {@code zennet chain init}: its {@code alloc} (code, storage, balances) is the chain's first state
 */
public record DevChainConfig(
    long chainId,
    String host,
    int port,
    int accounts,
    Optional<Duration> blockTime,
    Optional<Path> workDir,
    Duration startupTimeout,
    boolean zeroGasPrice,
    Optional<Path> genesis) {

  public static final long DEFAULT_CHAIN_ID = 31337;
  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_ACCOUNTS = 10;
  public static final Duration DEFAULT_STARTUP_TIMEOUT = Duration.ofSeconds(30);

  public static final DevChainConfig DEFAULT = new DevChainConfig(
      DEFAULT_CHAIN_ID, DEFAULT_HOST, 0, DEFAULT_ACCOUNTS, Optional.empty(), Optional.empty(),
      DEFAULT_STARTUP_TIMEOUT, false, Optional.empty());

  public DevChainConfig {
    if (chainId <= 0) {
      throw new IllegalArgumentException("chain id must be positive, got " + chainId);
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0 (any free port) or 1..65535, got " + port);
    }
    if (accounts < 1 || accounts > 1000) {
      throw new IllegalArgumentException("accounts must be 1..1000, got " + accounts);
    }
    blockTime.ifPresent(t -> {
      if (t.isNegative() || t.isZero() || t.toMillis() % 1000 != 0) {
        throw new IllegalArgumentException("block time must be a positive whole number of seconds, got " + t);
      }
    });
    if (startupTimeout.isNegative() || startupTimeout.isZero()) {
      throw new IllegalArgumentException("startup timeout must be positive, got " + startupTimeout);
    }
  }

  /** A configuration with the usual (non-zero) gas price. */
  public DevChainConfig(long chainId, String host, int port, int accounts, Optional<Duration> blockTime,
      Optional<Path> workDir, Duration startupTimeout) {
    this(chainId, host, port, accounts, blockTime, workDir, startupTimeout, false, Optional.empty());
  }

  public DevChainConfig withChainId(long id) {
    return new DevChainConfig(id, host, port, accounts, blockTime, workDir, startupTimeout, zeroGasPrice, genesis);
  }

  public DevChainConfig withPort(int p) {
    return new DevChainConfig(chainId, host, p, accounts, blockTime, workDir, startupTimeout, zeroGasPrice, genesis);
  }

  public DevChainConfig withBlockTime(Duration t) {
    return new DevChainConfig(chainId, host, port, accounts, Optional.of(t), workDir, startupTimeout, zeroGasPrice,
        genesis);
  }

  public DevChainConfig withAccounts(int n) {
    return new DevChainConfig(chainId, host, port, n, blockTime, workDir, startupTimeout, zeroGasPrice, genesis);
  }

  public DevChainConfig withWorkDir(Path dir) {
    return new DevChainConfig(chainId, host, port, accounts, blockTime, Optional.of(dir), startupTimeout, zeroGasPrice,
        genesis);
  }

  /** This configuration as a free-gas chain: gas price and base fee 0. */
  public DevChainConfig withZeroGasPrice() {
    return new DevChainConfig(chainId, host, port, accounts, blockTime, workDir, startupTimeout, true, genesis);
  }

  /** This configuration starting from {@code genesisFile} ({@code anvil --init}). */
  public DevChainConfig withGenesis(Path genesisFile) {
    return new DevChainConfig(chainId, host, port, accounts, blockTime, workDir, startupTimeout, zeroGasPrice,
        Optional.of(genesisFile));
  }
}
