package org.zennet.contracts.devchain;

import java.math.BigInteger;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.web3j.crypto.Credentials;
import org.zennet.contracts.audit.TraceRecorder;

/**
 * A running development chain: Foundry's anvil on a loopback port, with funded dev accounts.
 * Close it to stop the process; it is also stopped when the JVM exits, unless detached.
 */
public interface DevChain extends AutoCloseable {

  /**
   * Starts anvil as {@code config} says and waits until it answers JSON-RPC. With the system property
   * {@value TraceRecorder#COVERAGE_DIR_PROPERTY} set, every transaction is traced for coverage into that
   * directory (see {@link TraceRecorder}).
   */
  static DevChain start(DevChainConfig config) throws DevChainException {
    return AnvilDevChain.start(config, TraceRecorder.configuredDir());
  }

  /** Starts anvil as {@code config} says, tracing every transaction for coverage into {@code coverageDir}. */
  static DevChain startTraced(DevChainConfig config, Path coverageDir) throws DevChainException {
    return AnvilDevChain.start(config, Optional.of(coverageDir));
  }

  URI httpUrl();

  URI wsUrl();

  long chainId();

  /** The funded dev accounts, in anvil's order (account 0 first). */
  List<Credentials> devKeys();

  /** The operating-system process id of anvil. */
  long pid();

  /** Takes a snapshot of the chain state; {@link #revert} returns to it (once). */
  BigInteger snapshot();

  /** Returns the chain to {@code snapshot}, which anvil then forgets. */
  void revert(BigInteger snapshot);

  /** Moves the chain's clock forward by {@code seconds} and mines a block at the new time. */
  void advanceTime(long seconds);

  /** Leaves anvil running after this JVM exits (for {@code zennet chain up --detach}). */
  void detach();

  /** Stops anvil and waits until it has exited. */
  @Override
  void close();
}
