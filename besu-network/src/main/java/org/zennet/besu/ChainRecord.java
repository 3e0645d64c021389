package org.zennet.besu;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
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
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  public static Optional<ChainRecord> read(Path stateDir) throws IOException {
    Path file = stateDir.resolve(FILE);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(JSON.readValue(file.toFile(), ChainRecord.class));
    } catch (IOException e) {
      throw new IOException("cannot read " + file + " (" + e.getMessage() + "); delete it if no chain is running", e);
    }
  }

  public void write(Path stateDir) throws IOException {
    Files.createDirectories(stateDir);
    JSON.writeValue(stateDir.resolve(FILE).toFile(), this);
  }

  public static void delete(Path stateDir) throws IOException {
    Files.deleteIfExists(stateDir.resolve(FILE));
  }

  /** The process, if it is still running and is an anvil (a recycled pid is left alone). */
  public Optional<ProcessHandle> liveProcess() {
    return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
        .filter(p -> p.info().command().map(c -> c.endsWith("anvil")).orElse(true));
  }
}
