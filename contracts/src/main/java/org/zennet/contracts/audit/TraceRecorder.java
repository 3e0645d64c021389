package org.zennet.contracts.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.crypto.Hash;
import org.zennet.contracts.AtomicFiles;

/**
 * The coverage hook of a dev chain: records which instructions of which contract code every transaction
 * executed, from anvil's {@code debug_traceTransaction} struct logs (anvil must run with
 * {@code --steps-tracing}).
 *
 * <p>Tests revert anvil to snapshots, and anvil then forgets the reverted blocks and their transactions,
 * so the transactions are traced <em>before</em> each revert: {@link #snapshotTaken} notes the block
 * number a snapshot was taken at, {@link #beforeRevert} traces every block mined since, and
 * {@link #beforeClose} traces what is left (blocks never reverted). Every transaction is so traced exactly
 * once, as long as reverts nest (an inner snapshot is reverted before an outer one).
 *
 * <p>What is recorded, per code (keyed by the keccak-256 of the runtime code, {@code runtime:<hash>}): the set of program counters
 * executed and the set of {@code JUMPI} outcomes ({@code pc -> next pc}); a deployment is keyed by its
 * initcode, {@code create:<keccak of bytecode and constructor arguments>}. The file
 * {@code <dir>/hits-<pid>-<n>.json} is rewritten after each batch; {@link CoverageHits} reads and merges
 * them. A chain without a coverage directory has no recorder at all: no overhead.
 *
 * <p>Views and the revert checks tests make with {@code eth_call} leave no transaction, so the recorder
 * also serves a small HTTP proxy ({@link #proxyUrl}) that the chain hands out as its RPC address: it
 * forwards every request to anvil unchanged and, for each {@code eth_call}, traces the same call with
 * {@code debug_traceCall} at the same block.
 */
public final class TraceRecorder {
  /** The system property naming the directory that turns tracing on for every dev chain the JVM starts. */
  public static final String COVERAGE_DIR_PROPERTY = "zennet.coverage.dir";

  private static final Logger LOG = LoggerFactory.getLogger(TraceRecorder.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final AtomicInteger SEQUENCE = new AtomicInteger();
  private static final String TRACE_OPTIONS =
      "{\"disableStack\":false,\"disableMemory\":true,\"disableStorage\":true,\"enableReturnData\":false}";

  private final HttpClient http = HttpClient.newHttpClient();
  private final URI rpc;
  private final Path file;
  private final Map<BigInteger, Long> snapshotBlocks = new HashMap<>();
  private final CoverageHits hits = new CoverageHits();
  private final Map<String, String> codeKeys = new HashMap<>();
  private int transactions;
  private int calls;
  private HttpServer proxy;

  private TraceRecorder(URI rpc, Path dir) {
    this.rpc = rpc;
    this.file = dir.resolve("hits-" + ProcessHandle.current().pid() + "-" + SEQUENCE.incrementAndGet() + ".json");
  }

  /**
   * Starts the tracing proxy on a free loopback port and returns its URL: JSON-RPC over HTTP to anvil, with
   * every {@code eth_call} traced too.
   */
  public synchronized URI proxyUrl() {
    if (proxy == null) {
      try {
        proxy = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start the coverage proxy", e);
      }
      proxy.createContext("/", this::forward);
      proxy.setExecutor(Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "coverage-proxy");
        t.setDaemon(true);
        return t;
      }));
      proxy.start();
    }
    return URI.create("http://" + proxy.getAddress().getHostString() + ":" + proxy.getAddress().getPort());
  }

  private void forward(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body = exchange.getRequestBody().readAllBytes();
      HttpResponse<byte[]> answer;
      try {
        answer = http.send(HttpRequest.newBuilder(rpc).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        exchange.sendResponseHeaders(503, -1);
        return;
      }
      try {
        JsonNode request = JSON.readTree(body);
        for (JsonNode one : request.isArray() ? request : List.of(request)) {
          if ("eth_call".equals(one.path("method").asText())) {
            traceCall(one.path("params"));
          }
        }
      } catch (RuntimeException | IOException e) {
        LOG.warn("coverage: could not trace a call: {}", e.toString());
      }
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(answer.statusCode(), answer.body().length);
      exchange.getResponseBody().write(answer.body());
    }
  }

  private synchronized void traceCall(JsonNode params) {
    JsonNode callObject = params.path(0);
    String to = callObject.path("to").asText(null);
    String block = params.path(1).isMissingNode() ? "latest" : params.path(1).asText("latest");
    JsonNode options = readTree(TRACE_OPTIONS);
    JsonNode trace = call("debug_traceCall", List.of(callObject, block, options));
    String data = callObject.has("input") ? callObject.path("input").asText("0x") : callObject.path("data").asText("0x");
    record(to == null ? initcodeKey(data) : codeKey(to, "runtime:"), trace);
    codeKeys.clear();
    if (++calls % 50 == 0) {
      write();
    }
  }

  /** Stops the proxy (if started) and writes what was recorded. */
  public synchronized void stop() {
    if (proxy != null) {
      proxy.stop(0);
      ((java.util.concurrent.ExecutorService) proxy.getExecutor()).shutdownNow();
    }
    write();
  }

  /** The coverage directory the system property names, if any. */
  public static Optional<Path> configuredDir() {
    String dir = System.getProperty(COVERAGE_DIR_PROPERTY);
    return dir == null || dir.isBlank() ? Optional.empty() : Optional.of(Path.of(dir));
  }

  /** A recorder for the chain answering on {@code rpc}, writing into {@code dir} (created if missing). */
  public static TraceRecorder create(URI rpc, Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the coverage directory " + dir, e);
    }
    return new TraceRecorder(rpc, dir);
  }

  /** Notes that snapshot {@code id} was taken at the current block. */
  public synchronized void snapshotTaken(BigInteger id) {
    snapshotBlocks.put(id, blockNumber());
  }

  /** Traces every block mined since snapshot {@code id} was taken, before the chain returns to it. */
  public synchronized void beforeRevert(BigInteger id) {
    Long from = snapshotBlocks.remove(id);
    if (from == null) {
      return;
    }
    // anvil forgets the snapshots taken after this one, too
    snapshotBlocks.keySet().removeIf(other -> other.compareTo(id) > 0);
    traceBlocks(from + 1, blockNumber());
  }

  /** Traces the blocks no revert has removed, before the chain stops. */
  public synchronized void beforeClose() {
    try {
      traceBlocks(1, blockNumber());
    } catch (RuntimeException e) {
      LOG.warn("coverage: could not trace the chain's remaining blocks: {}", e.toString());
    }
  }

  private void traceBlocks(long from, long to) {
    if (from > to) {
      return;
    }
    for (long n = from; n <= to; n++) {
      JsonNode block = call("eth_getBlockByNumber", List.of("0x" + Long.toHexString(n), true));
      for (JsonNode tx : block.path("transactions")) {
        traceTransaction(tx);
      }
    }
    codeKeys.clear(); // an address may hold other code after the revert
    write();
  }

  private void traceTransaction(JsonNode tx) {
    String hash = tx.path("hash").asText();
    String rootKey;
    if (tx.path("to").isNull() || tx.path("to").isMissingNode()) {
      rootKey = initcodeKey(tx.path("input").asText("0x"));
    } else {
      rootKey = codeKey(tx.path("to").asText(), "runtime:");
    }
    JsonNode trace = call("debug_traceTransaction", List.of(hash, readTree(TRACE_OPTIONS)));
    record(rootKey, trace);
    transactions++;
  }

  private void record(String rootKey, JsonNode trace) {
    Deque<String> frames = new ArrayDeque<>();
    frames.push(rootKey == null ? "" : rootKey);
    String pending = "";
    int previousDepth = 1;
    int previousPc = -1;
    boolean previousJumpi = false;
    for (JsonNode step : trace.path("structLogs")) {
      int depth = step.path("depth").asInt();
      int pc = step.path("pc").asInt();
      if (depth > frames.size()) {
        frames.push(pending);
      }
      while (depth < frames.size()) {
        frames.pop();
      }
      String key = frames.peek();
      if (!key.isEmpty()) {
        if (previousJumpi && depth == previousDepth) {
          hits.jump(key, previousPc, pc);
        }
        hits.pc(key, pc);
      }
      String op = step.path("op").asText();
      previousJumpi = "JUMPI".equals(op);
      previousDepth = depth;
      previousPc = pc;
      switch (op) {
        case "CALL", "CALLCODE", "DELEGATECALL", "STATICCALL" -> {
          JsonNode stack = step.path("stack");
          pending = stack.size() < 2 ? "" : codeKey(address(stack.get(stack.size() - 2).asText()), "runtime:");
        }
        case "CREATE", "CREATE2" -> pending = ""; // the new contract's code is not known yet: not recorded
        default -> { }
      }
    }
  }

  /** {@code prefix + keccak(code)} of the code at {@code address}, or "" when it has none. */
  private String codeKey(String address, String prefix) {
    String hash = codeKeys.computeIfAbsent(address.toLowerCase(), a -> {
      String code = call("eth_getCode", List.of(a, "latest")).asText("0x");
      if (code.length() <= 2) {
        return "";
      }
      String h = Hash.sha3(code).substring(2);
      hits.code(h, code);
      return h;
    });
    return hash.isEmpty() ? "" : prefix + hash;
  }

  /** {@code create:<keccak(initcode)>}: a deployment, whose initcode (bytecode and arguments) is kept. */
  private String initcodeKey(String initcode) {
    String h = Hash.sha3(initcode).substring(2);
    hits.code(h, initcode);
    return "create:" + h;
  }

  private static String address(String stackWord) {
    String hex = stackWord.startsWith("0x") ? stackWord.substring(2) : stackWord;
    hex = "0".repeat(Math.max(0, 40 - hex.length())) + hex;
    return "0x" + hex.substring(hex.length() - 40);
  }

  private long blockNumber() {
    return Long.decode(call("eth_blockNumber", List.of()).asText());
  }

  private void write() {
    try {
      AtomicFiles.writeString(file, hits.toJson());
      LOG.debug("coverage: {} transactions and {} calls traced so far, written to {}", transactions, calls, file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write coverage hits to " + file, e);
    }
  }

  private JsonNode call(String method, List<?> params) {
    ObjectNode request = JSON.createObjectNode().put("jsonrpc", "2.0").put("id", 1).put("method", method);
    request.set("params", JSON.valueToTree(params));
    try {
      HttpResponse<byte[]> response = http.send(
          HttpRequest.newBuilder(rpc).header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(request.toString())).build(),
          HttpResponse.BodyHandlers.ofByteArray());
      JsonNode answer = JSON.readTree(response.body());
      if (answer.has("error")) {
        throw new IllegalStateException("coverage: " + method + " failed: " + answer.get("error"));
      }
      return answer.path("result");
    } catch (IOException e) {
      throw new UncheckedIOException("coverage: " + method + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while tracing", e);
    }
  }

  private static JsonNode readTree(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** For tests: the recorded frames, sorted. */
  Map<String, Integer> pcCounts() {
    Map<String, Integer> counts = new TreeMap<>();
    hits.frames().forEach((k, f) -> counts.put(k, f.pcs().size()));
    return counts;
  }
}
