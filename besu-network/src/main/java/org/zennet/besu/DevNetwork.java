package org.zennet.besu;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.crypto.Credentials;
import org.zennet.contracts.chain.ChainConnection;
import org.zennet.contracts.deploy.Deployer;
import org.zennet.contracts.deploy.Deployment;
import org.zennet.contracts.deploy.GenesisDistribution;
import org.zennet.contracts.devchain.DevChain;
import org.zennet.contracts.devchain.DevChainConfig;
import org.zennet.contracts.devchain.DevChainException;

/**
 * The embedded development network: an anvil dev chain with Zennet's contracts deployed on it, the dev
 * accounts holding XEN. What {@code zennet chain up}, {@code zennet chain down} and {@code zennet demo} run.
 */
public final class DevNetwork implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DevNetwork.class);
  /** How long {@link #stop} waits for the chain process to exit before it kills it. */
  public static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

  private final DevChain chain;
  private final Deployment deployment;
  private final GenesisDistribution genesis;

  private DevNetwork(DevChain chain, Deployment deployment, GenesisDistribution genesis) {
    this.chain = chain;
    this.deployment = deployment;
    this.genesis = genesis;
  }

  /**
   * Starts a dev chain and deploys the contracts with the dev genesis distribution: dev account 0 is the
   * treasury, every other dev account gets {@link GenesisDistribution#DEV_ACCOUNT_AMOUNT}.
   */
  public static DevNetwork start(DevChainConfig config) throws DevChainException, IOException {
    DevChain chain = DevChain.start(config);
    try (ChainConnection connection = ChainConnection.connect(chain.httpUrl(), chain.chainId())) {
      List<Credentials> keys = chain.devKeys();
      GenesisDistribution genesis = GenesisDistribution.dev(keys.get(0).getAddress(),
          keys.subList(1, keys.size()).stream().map(Credentials::getAddress).toList());
      Deployment deployment = new Deployer(connection, keys.get(0)).deploy(genesis, Deployer.DEV_CHALLENGE_PERIOD,
          chain.httpUrl(), chain.wsUrl());
      return new DevNetwork(chain, deployment, genesis);
    } catch (IOException | RuntimeException e) {
      chain.close();
      throw e;
    }
  }

  /**
   * Like {@link #start}, then records the network in {@code stateDir} ({@code chain.json} and
   * {@code deployment.json}) so that other commands find it and {@link #stop} can stop it.
   *
   * @throws IllegalStateException if {@code stateDir} records a chain that is still running
   */
  public static DevNetwork startRecorded(DevChainConfig config, Path stateDir) throws DevChainException, IOException {
    Optional<ChainRecord> existing = ChainRecord.read(stateDir);
    if (existing.isPresent() && existing.get().liveProcess().isPresent()) {
      ChainRecord r = existing.get();
      throw new IllegalStateException("a dev chain is already running (pid " + r.pid() + ", " + r.rpcUrl()
          + "); stop it with 'zennet chain down' or use another --home");
    }
    DevNetwork network = start(config.withWorkDir(stateDir.toAbsolutePath().resolve("anvil")));
    try {
      DevChain chain = network.chain;
      new ChainRecord(chain.pid(), chain.httpUrl(), chain.wsUrl(), chain.chainId(),
          stateDir.toAbsolutePath().resolve("anvil").resolve("anvil.log").toString()).write(stateDir);
      network.deployment.write(stateDir.resolve("deployment.json"));
      return network;
    } catch (IOException | RuntimeException e) {
      network.close();
      throw e;
    }
  }

  /**
   * Stops the chain recorded in {@code stateDir} and removes its record and deployment descriptor.
   *
   * @return the record of the chain that was stopped, or empty when none was recorded
   */
  public static Optional<ChainRecord> stop(Path stateDir) throws IOException {
    Optional<ChainRecord> record = ChainRecord.read(stateDir);
    if (record.isEmpty()) {
      return Optional.empty();
    }
    Optional<ProcessHandle> process = record.get().liveProcess();
    if (process.isPresent()) {
      ProcessHandle p = process.get();
      p.destroy();
      try {
        p.onExit().get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (java.util.concurrent.TimeoutException e) {
        LOG.warn("chain process {} did not stop within {} s; killing it", p.pid(), STOP_TIMEOUT.toSeconds());
        p.destroyForcibly();
        p.onExit().join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while stopping the chain", e);
      } catch (java.util.concurrent.ExecutionException e) {
        throw new IOException("waiting for the chain to stop failed", e);
      }
    }
    forget(stateDir);
    return record;
  }

  /** Removes the records this network left in {@code stateDir} (after it stopped by itself). */
  public static void forget(Path stateDir) throws IOException {
    ChainRecord.delete(stateDir);
    Files.deleteIfExists(stateDir.resolve("deployment.json"));
  }

  public DevChain chain() {
    return chain;
  }

  public Deployment deployment() {
    return deployment;
  }

  public GenesisDistribution genesis() {
    return genesis;
  }

  /** Keeps the chain running after this JVM exits. */
  public void detach() {
    chain.detach();
  }

  @Override
  public void close() {
    chain.close();
  }
}
