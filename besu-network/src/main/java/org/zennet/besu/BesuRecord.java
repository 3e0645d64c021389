package org.zennet.besu;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What {@code zennet chain up --besu} leaves in the state folder ({@value #FILE}) so that
 * {@code zennet chain down} stops the Besu nodes it started, and only those.
 *
 * @param networkDir the network folder the nodes run in
 * @param chainId the chain id
 * @param nodes the node processes
 */
public record BesuRecord(String networkDir, long chainId, List<NodeProcess> nodes) {
  public static final String FILE = "besu-network.json";
  private static final StateFile<BesuRecord> STATE = new StateFile<>(FILE, BesuRecord.class, "delete it if no Besu node is running");

  /**
   * One running node.
   *
   * @param name its folder in the network folder
   * @param pid its process
   * @param rpcUrl its HTTP JSON-RPC endpoint
   * @param log where its output goes
   */
  public record NodeProcess(String name, long pid, URI rpcUrl, String log) {
    /** The process, if it still runs and is a Besu (a recycled pid is left alone). */
    public Optional<ProcessHandle> liveProcess() {
      return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
          .filter(p -> p.info().commandLine().map(c -> c.toLowerCase(Locale.ROOT).contains("besu")).orElse(true));
    }
  }

  public BesuRecord {
    nodes = List.copyOf(nodes);
  }

  public static Optional<BesuRecord> read(Path stateDir) throws IOException {
    return STATE.read(stateDir);
  }

  public void write(Path stateDir) throws IOException {
    STATE.write(stateDir, this);
  }

  public static void delete(Path stateDir) throws IOException {
    STATE.delete(stateDir);
  }

  public boolean anyAlive() {
    return nodes.stream().anyMatch(n -> n.liveProcess().isPresent());
  }
}
