package org.zennet.contracts.devchain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3jService;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.http.HttpService;
import org.zennet.contracts.Toolchain;
import org.zennet.contracts.audit.TraceRecorder;

/** {@link DevChain} backed by an anvil process whose output goes to a log file in its work folder. */
final class AnvilDevChain implements DevChain {
  private static final Logger LOG = LoggerFactory.getLogger(AnvilDevChain.class);
  private static final Pattern LISTENING = Pattern.compile("Listening on ([0-9.]+):(\\d+)");
  private static final long POLL_MILLIS = 50;

  private final Process process;
  private final Path workDir;
  private final boolean ownsWorkDir;
  private final URI httpUrl;
  private final URI clientUrl;
  private final URI wsUrl;
  private final long chainId;
  private final List<Credentials> devKeys;
  private final HttpService rpc;
  private final Thread shutdownHook;
  /** Null unless coverage is on: then every transaction is traced before a revert or close forgets it. */
  private final TraceRecorder coverage;
  private volatile boolean closed;

  private AnvilDevChain(Process process, Path workDir, boolean ownsWorkDir, String host, int port,
      long chainId, List<Credentials> devKeys, Optional<Path> coverageDir) {
    this.process = process;
    this.workDir = workDir;
    this.ownsWorkDir = ownsWorkDir;
    this.httpUrl = URI.create("http://" + host + ":" + port);
    this.wsUrl = URI.create("ws://" + host + ":" + port);
    this.chainId = chainId;
    this.devKeys = List.copyOf(devKeys);
    this.rpc = new HttpService(httpUrl.toString());
    this.coverage = coverageDir.map(dir -> TraceRecorder.create(httpUrl, dir)).orElse(null);
    // with coverage on, clients talk to anvil through the recorder's proxy, which also traces eth_call
    this.clientUrl = coverage == null ? httpUrl : coverage.proxyUrl();
    this.shutdownHook = new Thread(this::stopProcess, "anvil-shutdown-" + process.pid());
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  static AnvilDevChain start(DevChainConfig config, Optional<Path> coverageDir) throws DevChainException {
    Path anvil;
    try {
      anvil = Toolchain.binary("anvil");
    } catch (IllegalStateException e) {
      throw new DevChainException(e.getMessage(), e);
    }
    Path workDir;
    boolean ownsWorkDir = config.workDir().isEmpty();
    try {
      workDir = ownsWorkDir ? Files.createTempDirectory("zennet-anvil-") : Files.createDirectories(config.workDir().get());
    } catch (IOException e) {
      throw new DevChainException("cannot create the dev chain's work folder: " + e.getMessage(), e);
    }
    Path log = workDir.resolve("anvil.log");
    Path accountsFile = workDir.resolve("anvil-accounts.json");
    List<String> command = new ArrayList<>(List.of(anvil.toString(),
        "--host", config.host(),
        "--port", Integer.toString(config.port()),
        "--chain-id", Long.toString(config.chainId()),
        "--accounts", Integer.toString(config.accounts()),
        "--config-out", accountsFile.toString()));
    if (coverageDir.isPresent()) {
      command.add("--steps-tracing"); // debug_traceTransaction answers with no steps without it
    }
    config.genesis().ifPresent(g -> command.addAll(List.of("--init", g.toAbsolutePath().toString())));
    config.blockTime().ifPresent(t -> command.addAll(List.of("--block-time", Long.toString(t.toSeconds()))));
    if (config.zeroGasPrice()) {
      // all three are needed for eth_gasPrice to answer 0: anvil otherwise suggests a 1 gwei priority fee
      command.addAll(List.of("--gas-price", "0", "--base-fee", "0", "--disable-min-priority-fee"));
    }

    Process process;
    try {
      Files.deleteIfExists(accountsFile);
      Files.writeString(log, "");
      process = new ProcessBuilder(command)
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
          .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
          .start();
    } catch (IOException e) {
      throw new DevChainException("cannot start anvil (" + anvil + "): " + e.getMessage(), e);
    }
    LOG.debug("started anvil pid {}: {}", process.pid(), String.join(" ", command));
    try {
      int port = awaitListening(process, log, config);
      List<Credentials> keys = readDevKeys(accountsFile, process, log, config);
      AnvilDevChain chain = new AnvilDevChain(process, workDir, ownsWorkDir, config.host(), port, config.chainId(), keys, coverageDir);
      chain.awaitRpc(config);
      return chain;
    } catch (DevChainException | RuntimeException e) {
      destroy(process);
      throw e;
    }
  }

  private static int awaitListening(Process process, Path log, DevChainConfig config) throws DevChainException {
    long deadline = System.nanoTime() + config.startupTimeout().toNanos();
    while (System.nanoTime() < deadline) {
      Matcher m = LISTENING.matcher(readQuietly(log));
      if (m.find()) {
        return Integer.parseInt(m.group(2));
      }
      if (!process.isAlive()) {
        String where = config.host() + ":" + (config.port() == 0 ? "<any free port>" : config.port());
        throw new DevChainException("anvil exited with status " + process.exitValue() + " before it listened on "
            + where + (config.port() == 0 ? "" : " (is that port in use? pick another, or 0 for any free port)")
            + ":\n" + tail(log));
      }
      sleep();
    }
    throw new DevChainException("anvil did not start listening within " + config.startupTimeout().toSeconds() + " s:\n" + tail(log));
  }

  private static List<Credentials> readDevKeys(Path accountsFile, Process process, Path log, DevChainConfig config)
      throws DevChainException {
    long deadline = System.nanoTime() + config.startupTimeout().toNanos();
    while (System.nanoTime() < deadline) {
      try {
        if (Files.size(accountsFile) > 0) {
          JsonNode keys = new ObjectMapper().readTree(accountsFile.toFile()).path("private_keys");
          if (keys.isArray() && keys.size() == config.accounts()) {
            List<Credentials> credentials = new ArrayList<>();
            keys.forEach(k -> credentials.add(Credentials.create(k.asText())));
            return credentials;
          }
        }
      } catch (IOException e) {
        // not written yet, or written half: look again
      }
      if (!process.isAlive()) {
        throw new DevChainException("anvil exited before writing its accounts:\n" + tail(log));
      }
      sleep();
    }
    throw new DevChainException("anvil did not write its dev accounts to " + accountsFile);
  }

  private void awaitRpc(DevChainConfig config) throws DevChainException {
    long deadline = System.nanoTime() + config.startupTimeout().toNanos();
    IOException last = null;
    while (System.nanoTime() < deadline) {
      try {
        String answered = call("eth_chainId", List.of()).toString();
        long id = Long.decode(answered);
        if (id != chainId) {
          throw new DevChainException("anvil answers chain id " + id + " but " + chainId + " was asked for");
        }
        LOG.debug("anvil pid {} answers on {} (chain id {})", process.pid(), httpUrl, chainId);
        return;
      } catch (IOException e) {
        last = e;
      }
      if (!process.isAlive()) {
        throw new DevChainException("anvil exited while starting:\n" + tail(workDir.resolve("anvil.log")));
      }
      sleep();
    }
    throw new DevChainException("anvil did not answer JSON-RPC on " + httpUrl + " within "
        + config.startupTimeout().toSeconds() + " s" + (last == null ? "" : ": " + last.getMessage()));
  }

  @Override
  public URI httpUrl() {
    return clientUrl;
  }

  @Override
  public URI wsUrl() {
    return wsUrl;
  }

  @Override
  public long chainId() {
    return chainId;
  }

  @Override
  public List<Credentials> devKeys() {
    return devKeys;
  }

  @Override
  public long pid() {
    return process.pid();
  }

  @Override
  public BigInteger snapshot() {
    BigInteger id = Numbers.quantity(callUnchecked("evm_snapshot", List.of()));
    if (coverage != null) {
      coverage.snapshotTaken(id);
    }
    return id;
  }

  @Override
  public void revert(BigInteger snapshot) {
    if (coverage != null) {
      coverage.beforeRevert(snapshot);
    }
    Object reverted = callUnchecked("evm_revert", List.of("0x" + snapshot.toString(16)));
    if (!Boolean.TRUE.equals(reverted)) {
      throw new IllegalStateException("anvil could not revert to snapshot " + snapshot + " (already used?)");
    }
  }

  @Override
  public void advanceTime(long seconds) {
    if (seconds < 0) {
      throw new IllegalArgumentException("time only moves forward, got " + seconds + " s");
    }
    callUnchecked("evm_increaseTime", List.of(seconds));
    callUnchecked("evm_mine", List.of());
  }

  @Override
  public void detach() {
    removeShutdownHook();
    LOG.debug("anvil pid {} detached; it keeps running after this JVM", process.pid());
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    removeShutdownHook();
    if (coverage != null && process.isAlive()) {
      coverage.beforeClose();
      coverage.stop();
    }
    stopProcess();
    try {
      rpc.close();
    } catch (IOException e) {
      LOG.debug("closing the RPC client: {}", e.toString());
    }
    if (ownsWorkDir) {
      deleteRecursively(workDir);
    }
  }

  private Object call(String method, List<?> params) throws IOException {
    RawResponse response = new Request<>(method, params, (Web3jService) rpc, RawResponse.class).send();
    if (response.hasError()) {
      throw new IOException(method + " failed: " + response.getError().getMessage());
    }
    return response.getResult();
  }

  private Object callUnchecked(String method, List<?> params) {
    try {
      return call(method, params);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private void stopProcess() {
    destroy(process);
  }

  private void removeShutdownHook() {
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // the JVM is already shutting down; the hook is running or has run
    }
  }

  /** Stops anvil: SIGTERM, then SIGKILL if it has not exited within five seconds. */
  static void destroy(Process process) {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private static String readQuietly(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  private static String tail(Path log) {
    List<String> lines = readQuietly(log).lines().toList();
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
  }

  private static void sleep() {
    try {
      Thread.sleep(POLL_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for anvil", e);
    }
  }

  private static void deleteRecursively(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      LOG.debug("could not delete {}: {}", dir, e.toString());
    }
  }

  /** A JSON-RPC response whose result is kept as plain JSON (string, number, boolean, object). */
  public static final class RawResponse extends Response<Object> {}

  private static final class Numbers {
    static BigInteger quantity(Object hex) {
      String s = String.valueOf(hex);
      return s.startsWith("0x") ? new BigInteger(s.substring(2), 16) : new BigInteger(s);
    }
  }
}
