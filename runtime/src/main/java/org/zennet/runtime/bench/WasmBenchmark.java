package org.zennet.runtime.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zennet.runtime.RuntimeConfig;
import org.zennet.runtime.TaskFailure;
import org.zennet.runtime.TaskLimits;
import org.zennet.runtime.TaskModule;
import org.zennet.runtime.TaskResult;
import org.zennet.runtime.TaskRuntime;

/**
 * {@code zennet bench wasm}: the sample kernels on Chicory's compiler, metered and unmetered, and on Node's V8
 * (node:wasi) as the reference. Each engine warms up, then runs each kernel {@code repeats} times; the figures
 * are medians. Metered and unmetered runs alternate so that drift of the machine hits both alike.
 */
public final class WasmBenchmark {
  private static final Logger LOG = LoggerFactory.getLogger(WasmBenchmark.class);
  private static final TaskLimits LIMITS = TaskLimits.DEFAULT.withFuel(Long.MAX_VALUE).withMemoryPages(4096)
      .withTimeout(Duration.ofMinutes(10)).withMaxOutputBytes(1L << 30);
  private static final Pattern NODE_JSON = Pattern.compile(
      "\"node\":\"([^\"]*)\",\"millis\":\\[([^\\]]*)\\],\"exitCode\":(-?\\d+),\"stdoutSha256\":\"([0-9a-f]+)\"");

  /**
   * How the benchmark runs.
   *
   * @param warmups unmeasured runs per kernel and engine
   * @param repeats measured runs per kernel and engine
   * @param node the Node executable for the V8 reference, or null to skip it
   */
  public record Config(int warmups, int repeats, String node) {
    public static final int DEFAULT_WARMUPS = 3;
    public static final int DEFAULT_REPEATS = 7;
    public static final String DEFAULT_NODE = "node";
    public static final Config DEFAULT = new Config(DEFAULT_WARMUPS, DEFAULT_REPEATS, DEFAULT_NODE);

    public Config {
      if (warmups < 0 || repeats < 1) {
        throw new IllegalArgumentException("warmups must be ≥ 0 and repeats ≥ 1");
      }
    }
  }

  private WasmBenchmark() {}

  public static WasmReport run(Config config, List<Kernel> kernels, Consumer<String> progress)
      throws IOException, InterruptedException, TaskFailure {
    Map<String, String> environment = new LinkedHashMap<>();
    environment.put("java", Runtime.version().toString());
    environment.put("chicory", chicoryVersion());
    environment.put("processors", String.valueOf(Runtime.getRuntime().availableProcessors()));
    environment.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
    List<WasmRow> rows = new ArrayList<>();
    Path script = config.node() == null ? null : extractNodeScript();
    try (TaskRuntime metered = TaskRuntime.chicory(RuntimeConfig.DEFAULT.withSlots(1));
        TaskRuntime unmetered = TaskRuntime.chicory(RuntimeConfig.DEFAULT.withSlots(1).withMetering(false))) {
      for (Kernel kernel : kernels) {
        progress.accept("bench wasm: " + kernel.id() + " on Chicory (metered and unmetered)");
        TaskModule module = kernel.sample().module();
        for (int i = 0; i < config.warmups(); i++) {
          unmetered.run(module, kernel.input(), LIMITS).requireSuccess();
          metered.run(module, kernel.input(), LIMITS).requireSuccess();
        }
        double[] plain = new double[config.repeats()];
        double[] fueled = new double[config.repeats()];
        TaskResult last = null;
        for (int i = 0; i < config.repeats(); i++) {
          plain[i] = millis(unmetered.run(module, kernel.input(), LIMITS).requireSuccess());
          last = metered.run(module, kernel.input(), LIMITS).requireSuccess();
          fueled[i] = millis(last);
        }
        Double v8 = null;
        Boolean same = null;
        if (script != null) {
          progress.accept("bench wasm: " + kernel.id() + " on Node's V8");
          Optional<NodeRun> node = runNode(config, script, kernel);
          if (node.isPresent()) {
            environment.put("node", node.get().version());
            v8 = median(node.get().millis());
            same = node.get().exitCode() == 0 && node.get().stdoutSha256().equals(TaskModule.of(last.stdout()).sha256());
          }
        }
        rows.add(new WasmRow(kernel.id(), median(plain), median(fueled), v8, last.fuelUsed(), same));
      }
    } finally {
      if (script != null) {
        Files.deleteIfExists(script);
      }
    }
    return new WasmReport(Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), environment, config.warmups(),
        config.repeats(), rows);
  }

  private static double millis(TaskResult r) {
    return r.wallTime().toNanos() / 1e6;
  }

  static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  private record NodeRun(String version, double[] millis, int exitCode, String stdoutSha256) {}

  private static Optional<NodeRun> runNode(Config config, Path script, Kernel kernel) throws IOException, InterruptedException {
    Path wasm = Files.createTempFile("zennet-bench-", ".wasm");
    Path stdin = Files.createTempFile("zennet-bench-", ".in");
    try {
      Files.write(wasm, kernel.sample().bytes());
      Files.write(stdin, kernel.input().stdin());
      List<String> command = new ArrayList<>(List.of(config.node(), "--expose-gc", "--no-warnings", script.toString(), wasm.toString(),
          stdin.toString(), String.valueOf(config.warmups()), String.valueOf(config.repeats())));
      command.addAll(kernel.input().args());
      Process p;
      try {
        p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
      } catch (IOException e) {
        LOG.warn("cannot run {} for the V8 reference ({}); the V8 column stays empty", config.node(), e.getMessage());
        return Optional.empty();
      }
      try {
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
          LOG.warn("node failed on {}: {}", kernel.id(), out.strip());
          return Optional.empty();
        }
        Matcher m = NODE_JSON.matcher(out);
        if (!m.find()) {
          LOG.warn("unexpected output from node on {}: {}", kernel.id(), out.strip());
          return Optional.empty();
        }
        double[] millis = Arrays.stream(m.group(2).split(",")).mapToDouble(Double::parseDouble).toArray();
        return Optional.of(new NodeRun(m.group(1), millis, Integer.parseInt(m.group(3)), m.group(4)));
      } finally {
        p.destroyForcibly();
      }
    } finally {
      Files.deleteIfExists(wasm);
      Files.deleteIfExists(stdin);
    }
  }

  private static Path extractNodeScript() throws IOException {
    Path script = Files.createTempFile("zennet-run-wasi-", ".mjs");
    try (InputStream in = WasmBenchmark.class.getResourceAsStream("run-wasi.mjs")) {
      if (in == null) {
        throw new IllegalStateException("run-wasi.mjs is missing from the runtime jar");
      }
      Files.write(script, in.readAllBytes());
    }
    return script;
  }

  static String chicoryVersion() {
    try (InputStream in = com.dylibso.chicory.runtime.Instance.class.getResourceAsStream(
        "/META-INF/maven/com.dylibso.chicory/runtime/pom.properties")) {
      if (in == null) {
        return "unknown";
      }
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version", "unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }
}
