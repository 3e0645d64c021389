package org.zennet.besu;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What {@code zennet chain up} leaves in the state folder ({@code chain.json}) so that
 * {@code zennet chain down} can find and stop the process later.
 *
 * @param pid the chain process
 * @param rpcUrl its HTTP JSON-RPC endpoint
 * @param wsUrl its WebSocket endpoint
 * @param chainId its chain id
 * @param log where its output goes
 */
public record ChainRecord(long pid, URI rpcUrl, URI wsUrl, long chainId, String log) {
  public static final String FILE = "chain.json";
  private static final StateFile<ChainRecord> STATE = new StateFile<>(FILE, ChainRecord.class, "delete it if no chain is running");

  public static Optional<ChainRecord> read(Path stateDir) throws IOException {
    return STATE.read(stateDir);
  }

  public void write(Path stateDir) throws IOException {
    STATE.write(stateDir, this);
  }

  public static void delete(Path stateDir) throws IOException {
    STATE.delete(stateDir);
  }

  /** The process, if it is still running and is an anvil (a recycled pid is left alone). */
  public Optional<ProcessHandle> liveProcess() {
    return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
        .filter(p -> p.info().command().map(c -> c.endsWith("anvil")).orElse(true));
  }
}
