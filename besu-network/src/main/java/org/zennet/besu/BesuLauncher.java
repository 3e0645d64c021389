package org.zennet.besu;

import java.io.File;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.http.HttpService;
import org.zennet.besu.qbft.QbftNetwork;

/**
 * Starts the nodes of a network written by {@code zennet chain init} as local Besu processes, each with its
 * config file and the network folder as working directory; waits for blocks; checks the validator set with
 * {@code qbft_getValidatorsByBlockNumber("latest")}; and records the processes so that {@link #stop} stops them.
 */
public final class BesuLauncher {
  private static final Logger LOG = LoggerFactory.getLogger(BesuLauncher.class);
  public static final Duration DEFAULT_STARTUP_TIMEOUT = Duration.ofSeconds(90);
  public static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);
  private static final Duration POLL = Duration.ofMillis(500);
  private static final String LOOPBACK = "127.0.0.1";

  private BesuLauncher() {}

  /** There is no {@code besu} on PATH; the message says what to do instead. */
  public static final class BesuNotFoundException extends IOException {
    private static final long serialVersionUID = 1L;

    public BesuNotFoundException(Path networkDir) {
      super("besu not found on PATH; install Besu or run the compose file in " + networkDir + " with Docker");
    }
  }

  /** The network started: its record and the RPC endpoints of its first node. */
  public record Started(BesuRecord record, URI rpcUrl, URI wsUrl, long blockNumber, List<String> validators) {}

  /** The {@code besu} executable on {@code path} (a PATH value), if any. */
  public static Optional<Path> locate(String path) {
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(File.pathSeparator)) {
      if (dir.isBlank()) {
        continue;
      }
      Path candidate = Path.of(dir, "besu");
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /** The command that starts {@code node}; it runs in the network folder, where its config's paths are rooted. */
  public static List<String> commandLine(Path besu, QbftNetwork.Node node) {
    return List.of(besu.toString(), "--config-file=" + node.configFile());
  }

  /**
   * Starts every node of the network in {@code networkDir} with the {@code besu} found on {@code path}.
   *
   * @throws BesuNotFoundException if there is none
   * @throws IllegalStateException if {@code stateDir} records Besu nodes that still run
   * @throws IOException if a node exits, or no block comes, or the validators are not the genesis ones, within
   *     {@code timeout}; every started node is stopped then
   */
  public static Started start(Path networkDir, Path stateDir, String path, Duration timeout) throws IOException {
    Path dir = networkDir.toAbsolutePath().normalize();
    QbftNetwork network = QbftNetwork.read(dir);
    Path besu = locate(path).orElseThrow(() -> new BesuNotFoundException(dir));
    Optional<BesuRecord> existing = BesuRecord.read(stateDir);
    if (existing.isPresent() && existing.get().anyAlive()) {
      throw new IllegalStateException("Besu nodes of " + existing.get().networkDir() + " are already running; stop them with"
          + " 'zennet chain down' or use another --home");
    }
    List<Process> processes = new ArrayList<>();
    List<BesuRecord.NodeProcess> recorded = new ArrayList<>();
    try {
      for (QbftNetwork.Node node : network.nodes()) {
        Path log = dir.resolve(node.name()).resolve("besu.log");
        Process p = new ProcessBuilder(commandLine(besu, node))
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .start();
        processes.add(p);
        recorded.add(new BesuRecord.NodeProcess(node.name(), p.pid(), node.rpcUrl(LOOPBACK), log.toString()));
        LOG.debug("started Besu {} pid {} in {}", node.name(), p.pid(), dir);
      }
      BesuRecord record = new BesuRecord(dir.toString(), network.chainId(), recorded);
      record.write(stateDir);
      QbftNetwork.Node first = network.nodes().get(0);
      long block = awaitBlock(first.rpcUrl(LOOPBACK), network.chainId(), processes, recorded, timeout);
      List<String> validators = validators(first.rpcUrl(LOOPBACK));
      Set<String> expected = lowerCase(network.validators());
      if (!lowerCase(validators).equals(expected)) {
        throw new IOException("the chain's validators are " + validators + ", not the genesis validators " + network.validators());
      }
      return new Started(record, first.rpcUrl(LOOPBACK), first.wsUrl(LOOPBACK), block, validators);
    } catch (IOException | RuntimeException e) {
      processes.forEach(BesuLauncher::stopProcess);
      BesuRecord.delete(stateDir);
      throw e;
    }
  }

  /**
   * Stops the nodes recorded in {@code stateDir} and removes the record.
   *
   * @return the record of what was stopped, or empty when nothing was recorded
   */
  public static Optional<BesuRecord> stop(Path stateDir) throws IOException {
    Optional<BesuRecord> record = BesuRecord.read(stateDir);
    if (record.isEmpty()) {
      return Optional.empty();
    }
    List<ProcessHandle> live = record.get().nodes().stream().flatMap(n -> n.liveProcess().stream()).toList();
    live.forEach(ProcessHandle::destroy);
    for (ProcessHandle p : live) {
      try {
        p.onExit().get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        LOG.warn("Besu process {} did not stop within {} s; killing it", p.pid(), STOP_TIMEOUT.toSeconds());
        p.destroyForcibly();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while stopping the Besu nodes", e);
      } catch (ExecutionException e) {
        throw new IOException("waiting for Besu process " + p.pid() + " failed", e);
      }
    }
    BesuRecord.delete(stateDir);
    return record;
  }

  private static long awaitBlock(URI rpcUrl, long chainId, List<Process> processes, List<BesuRecord.NodeProcess> nodes,
      Duration timeout) throws IOException {
    Web3j web3j = Web3j.build(new HttpService(rpcUrl.toString()));
    try {
      long deadline = System.nanoTime() + timeout.toNanos();
      String last = "no answer yet";
      while (System.nanoTime() < deadline) {
        for (int i = 0; i < processes.size(); i++) {
          if (!processes.get(i).isAlive()) {
            throw new IOException("Besu " + nodes.get(i).name() + " exited with status " + processes.get(i).exitValue()
                + ":\n" + tail(Path.of(nodes.get(i).log())));
          }
        }
        try {
          long id = web3j.ethChainId().send().getChainId().longValueExact();
          if (id != chainId) {
            throw new IOException(rpcUrl + " answers chain id " + id + ", not the network's " + chainId
                + " (is another chain on that port?)");
          }
          BigInteger block = web3j.ethBlockNumber().send().getBlockNumber();
          if (block.signum() > 0) {
            return block.longValueExact();
          }
          last = "block 0";
        } catch (IOException e) {
          if (e.getMessage() != null && e.getMessage().contains("answers chain id")) {
            throw e;
          }
          last = e.getMessage();
        }
        sleep();
      }
      throw new IOException("no block within " + timeout.toSeconds() + " s on " + rpcUrl + " (" + last + "); see the logs "
          + nodes.stream().map(BesuRecord.NodeProcess::log).toList());
    } finally {
      web3j.shutdown();
    }
  }

  /** {@code qbft_getValidatorsByBlockNumber("latest")}. */
  public static List<String> validators(URI rpcUrl) throws IOException {
    HttpService http = new HttpService(rpcUrl.toString());
    try {
      ValidatorsResponse r = new Request<>("qbft_getValidatorsByBlockNumber", List.of("latest"), http, ValidatorsResponse.class).send();
      if (r.hasError()) {
        throw new IOException("qbft_getValidatorsByBlockNumber failed on " + rpcUrl + ": " + r.getError().getMessage()
            + " (is the QBFT API enabled in rpc-http-api?)");
      }
      return r.getResult();
    } finally {
      http.close();
    }
  }

  /** The JSON-RPC answer of {@code qbft_getValidatorsByBlockNumber}: a list of addresses. */
  public static final class ValidatorsResponse extends Response<List<String>> {}

  private static Set<String> lowerCase(List<String> addresses) {
    Set<String> set = new TreeSet<>();
    addresses.forEach(a -> set.add(a.toLowerCase(Locale.ROOT)));
    return set;
  }

  private static void stopProcess(Process p) {
    p.destroy();
    try {
      if (!p.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    } catch (IOException e) {
      return "(no log at " + log + ")";
    }
  }

  private static void sleep() {
    try {
      Thread.sleep(POLL.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the Besu nodes", e);
    }
  }
}
